import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	CUSTOM_REGION,
	REGIONS,
	REGION_KEYS,
	WORKSPACE_ID,
} from '../nodes/AlibabaWan/transport/regionTable';

// One expression per computed value so the credential test and the node agree on the host: both
// derive from the one region table (transport/regionTable.ts). A plain http:// URL off this machine
// without Allow Insecure HTTP, or a workspace domain without a valid Workspace ID, becomes a
// "refused:" URL, a scheme no HTTP client speaks, so the test fails before the key is sent (the
// node refuses the same itself).
const CUSTOM_BASE = 'String($credentials.baseUrl || "").trim()';
const INSECURE = `(/^http:\\/\\//i.test(${CUSTOM_BASE}) && $credentials.allowInsecureHttp !== true && !/^http:\\/\\/(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(${CUSTOM_BASE}))`;
const pick = (
	value: (facts: { id: string; label: string; shared: string | null }) => string | null,
) => JSON.stringify(Object.fromEntries(REGION_KEYS.map((key) => [key, value(REGIONS[key])])));
const SHARED = pick((facts) => facts.shared && `${facts.shared}/api/v1`);
const IDS = pick((facts) => facts.id);
const LABELS = pick((facts) => facts.label);
const WORKSPACE = 'String($credentials.workspaceId || "").trim().toLowerCase()';
const WORKSPACE_BASE = `(${WORKSPACE_ID}.test(${WORKSPACE}) ? "https://" + ${WORKSPACE} + "." + ${IDS}[$credentials.region] + ".maas.aliyuncs.com/api/v1" : "refused: " + ${LABELS}[$credentials.region] + " on a workspace domain needs the Workspace ID")`;
const REGION_BASE = `((${SHARED}[$credentials.region] === null || $credentials.endpoint === "workspace") ? ${WORKSPACE_BASE} : ${SHARED}[$credentials.region])`;
const BASE_URL_EXPRESSION = `={{ $credentials.region === "${CUSTOM_REGION}" ? (${INSECURE} ? "refused: plain http:// to another host needs Allow Insecure HTTP" : ${CUSTOM_BASE}.replace(/\\/+$/, "")) : ${REGION_BASE} }}`;
const REGIONS_WITH_SHARED = REGION_KEYS.filter((key) => REGIONS[key].shared !== null);
const hostOf = (key: (typeof REGION_KEYS)[number]) => {
	const { id, shared } = REGIONS[key] as { id: string; shared: string | null };
	return shared ? new URL(shared).hostname : `{WorkspaceId}.${id}.maas.aliyuncs.com`;
};
const HOSTS_TRIED = `The test called, per Region: ${REGION_KEYS.map((key) => `${REGIONS[key].label} ${hostOf(key)}`).join(', ')} (a workspace domain {WorkspaceId}.<region id>.maas.aliyuncs.com with Endpoint = Workspace Domain), or the Base URL.`;

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
				...REGION_KEYS.map((key) => ({
					name: REGIONS[key].label,
					value: key,
					description: hostOf(key),
				})),
				{
					name: 'Custom Base URL',
					value: CUSTOM_REGION,
					description: 'A proxy, a local emulator, or any other DashScope base URL',
				},
			],
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'options',
			default: 'shared',
			description:
				'Which domain of the region to call. Alibaba recommends the workspace domain for production; it only accepts keys of that workspace.',
			options: [
				{
					name: 'Shared DashScope Domain',
					value: 'shared',
					description: 'Accepts a key of any workspace of the region',
				},
				{
					name: 'Workspace Domain',
					value: 'workspace',
					description: '{WorkspaceId}.{region}.maas.aliyuncs.com: needs the Workspace ID',
				},
			],
			displayOptions: { show: { region: REGIONS_WITH_SHARED } },
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
				'The Model Studio workspace to bill and authorise against (sent as X-DashScope-WorkSpace). Required for Germany (Frankfurt), Japan (Tokyo) and the Workspace Domain endpoint, which have it in their host: the first part of the API Host the console shows, e.g. llm-xxxx.',
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
					// n8n shows this text as written (no expressions): it names every region's host.
					message: `Invalid API key for the chosen region. DashScope keys are region-bound: a key only works in the region (and, on a workspace domain, the workspace) it was created in. Check the Region field, or with Custom Base URL the Base URL: the API base of the region the key was created in. ${HOSTS_TRIED}`,
				},
			},
		],
	};
}
