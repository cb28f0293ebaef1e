import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// One expression per computed value so the credential test and the node agree on the host.
// The node resolves the same table in code (transport/regions.ts); keep the two in step. A plain
// http:// URL off this machine without Allow Insecure HTTP becomes a "refused:" URL, a scheme no
// HTTP client speaks, so the test fails before the key is sent (the node refuses it itself).
const CUSTOM_BASE = 'String($credentials.baseUrl || "").trim()';
const INSECURE = `(/^http:\\/\\//i.test(${CUSTOM_BASE}) && $credentials.allowInsecureHttp !== true && !/^http:\\/\\/(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(${CUSTOM_BASE}))`;
const BASE_URL_EXPRESSION = `={{ $credentials.region === "custom" ? (${INSECURE} ? "refused: plain http:// to another host needs Allow Insecure HTTP" : ${CUSTOM_BASE}.replace(/\\/+$/, "")) : ({ singapore: "https://dashscope-intl.aliyuncs.com/api/v1", beijing: "https://dashscope.aliyuncs.com/api/v1", virginia: "https://dashscope-us.aliyuncs.com/api/v1" })[$credentials.region] }}`;

export class AlibabaWanApi implements ICredentialType {
	name = 'alibabaWanApi';

	displayName = 'Alibaba Wan (DashScope) API';

	documentationUrl = 'https://www.alibabacloud.com/help/en/model-studio/get-api-key';

	icon = {
		light: 'file:alibabaWan.svg',
		dark: 'file:alibabaWan.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A Model Studio (DashScope) API key. Keys are bound to the region they were created in. Spaces around it and a pasted "Bearer " are removed.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'singapore',
			description: 'Region of the API key: each region has its own host and its own keys',
			options: [
				{
					name: 'Singapore (International)',
					value: 'singapore',
					description: 'dashscope-intl.aliyuncs.com',
				},
				{
					name: 'China (Beijing)',
					value: 'beijing',
					description: 'dashscope.aliyuncs.com',
				},
				{
					name: 'US (Virginia)',
					value: 'virginia',
					description: 'dashscope-us.aliyuncs.com',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A workspace domain, a proxy, or a local emulator',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://dashscope-intl.aliyuncs.com/api/v1',
			description: 'The API base, up to and including /api/v1',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Allow Insecure HTTP',
			name: 'allowInsecureHttp',
			type: 'boolean',
			default: false,
			description: 'Whether to allow a plain http:// Base URL to a host other than this machine',
			hint: 'Risky: over http:// the API key travels unencrypted, so anyone on the network path can read it and spend on your account. Loopback addresses (127.0.0.1, localhost) are always allowed.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Workspace ID',
			name: 'workspaceId',
			type: 'string',
			default: '',
			description:
				'Optional Model Studio workspace to bill and authorise against (sent as X-DashScope-WorkSpace)',
		},
		{
			displayName: 'Task Queries per Second',
			name: 'queriesPerSecond',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1, maxValue: 20 },
			description:
				'Status, list and cancel requests per second that one n8n process (or queue-mode worker) sends for this account, shared by all its executions. DashScope allows 20 per second per account, shared with every other key, tool and n8n worker on the account: with N workers set about 18 / N. A throttled account slows down by itself.',
		},
		{
			displayName: 'Task Creations per Second',
			name: 'createsPerSecond',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1, maxValue: 20 },
			description:
				'New tasks per second that one n8n process (or worker) submits for this account. The service does not publish this limit; after a throttling answer (429) the pace drops and the create is retried, never paid twice.',
		},
	];

	// A pasted "Bearer sk-..." or stray whitespace around the key must still work.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "Bearer " + String($credentials.apiKey || "").trim().replace(/^bearer\\s+/i, "").trim() }}',
			},
		},
	};

	// Listing one task is free and authenticated: a key of another region answers 401 here.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/tasks',
			qs: { page_no: 1, page_size: 1 },
			// Like the node's own calls: a redirect would carry the key to another host.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Invalid API key for the chosen region. DashScope keys are region-bound: a Singapore (international) key only works with the Singapore region, a Beijing key only with China (Beijing). Check the Region field, or with Custom Base URL the Base URL: the API base of the region the key was created in.',
				},
			},
		],
	};
}
