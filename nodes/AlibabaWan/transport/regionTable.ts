/**
 * THE region table: every Model Studio region with a native DashScope endpoint, its hosts and
 * which kinds of domain it has. The credential's Region list and its test request, the node's
 * base URL and the region named in errors all derive from it: a new region is one row here
 * (plus, if it serves fewer models, the model table's `regions` in create/models.ts).
 *
 * Sources: Model Studio "Base URL overview" https://www.alibabacloud.com/help/en/model-studio/base-url
 * (shared DashScope domains, workspace domains `{WorkspaceId}.{region}.maas.aliyuncs.com`, "API Keys
 * are region-specific"), "Regions and access domains" https://www.alibabacloud.com/help/en/model-studio/regions/
 * and the Tokyo page https://help.aliyun.com/zh/model-studio/japan-tokyo-global ("only the
 * workspace-dedicated domain, not the DashScope domain"). No file imports here: the credential
 * reads this table too.
 */

export interface RegionFacts {
	/** Alibaba Cloud's region id: the middle of the workspace host. */
	id: string;
	label: string;
	/** Origin of the shared (legacy) DashScope domain; null where the region has only workspace domains. */
	shared: string | null;
}

/** Keys are the credential's saved values (the first three predate the others: never rename them). */
export const REGIONS = {
	singapore: {
		id: 'ap-southeast-1',
		label: 'Singapore (International)',
		shared: 'https://dashscope-intl.aliyuncs.com',
	},
	beijing: { id: 'cn-beijing', label: 'China (Beijing)', shared: 'https://dashscope.aliyuncs.com' },
	virginia: {
		id: 'us-east-1',
		label: 'US (Virginia)',
		shared: 'https://dashscope-us.aliyuncs.com',
	},
	// UNCERTAIN: the official table row of Hong Kong's workspace domain was not readable; the
	// pattern of the other regions is assumed (a third-party client uses it).
	hongkong: {
		id: 'cn-hongkong',
		label: 'China (Hong Kong)',
		shared: 'https://cn-hongkong.dashscope.aliyuncs.com',
	},
	frankfurt: { id: 'eu-central-1', label: 'Germany (Frankfurt)', shared: null },
	tokyo: { id: 'ap-northeast-1', label: 'Japan (Tokyo)', shared: null },
} as const satisfies Record<string, RegionFacts>;

export type RegionKey = keyof typeof REGIONS;

export const REGION_KEYS = Object.keys(REGIONS) as RegionKey[];

/** The credential's value for "not one of the regions": the user's own Base URL. */
export const CUSTOM_REGION = 'custom';

/** The credential's Endpoint choice; `shared` for saved credentials (they had none). */
export type EndpointKind = 'shared' | 'workspace';

/**
 * A workspace id as the console's API Host shows it (e.g. `llm-xxx`, `ws-…`): one DNS label.
 * Looser than the service (inference), strict enough that it cannot change the host.
 */
export const WORKSPACE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/i;

const WORKSPACE_HOST = /^([a-z0-9][a-z0-9-]{0,62})\.([a-z0-9-]+)\.maas\.aliyuncs\.com$/i;

export function isRegionKey(value: string): value is RegionKey {
	return Object.prototype.hasOwnProperty.call(REGIONS, value);
}

/** Whether the region is reached on a workspace domain (always where no shared domain exists). */
export function usesWorkspaceDomain(region: RegionKey, endpoint: unknown): boolean {
	return REGIONS[region].shared === null || endpoint === 'workspace';
}

/** The native API base (…/api/v1) of a region; the workspace id must already be checked. */
export function regionBaseUrl(region: RegionKey, endpoint: unknown, workspaceId?: string): string {
	const facts: RegionFacts = REGIONS[region];
	const origin = usesWorkspaceDomain(region, endpoint)
		? `https://${String(workspaceId).toLowerCase()}.${facts.id}.maas.aliyuncs.com`
		: (facts.shared as string);
	return `${origin}/api/v1`;
}

/** The region a host belongs to (a custom Base URL may still name one), or undefined. */
export function regionOfHost(host: string): RegionKey | undefined {
	const name = host.toLowerCase();
	const workspace = WORKSPACE_HOST.exec(name);
	return REGION_KEYS.find((key) => {
		const facts: RegionFacts = REGIONS[key];
		return workspace
			? workspace[2] === facts.id
			: facts.shared !== null && new URL(facts.shared).hostname === name;
	});
}
