import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkNumber, checkText } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import type { Account } from './account';
import type { ServiceContext } from './context';
import { ACCOUNT_LIMITS, accountFor, accountKey } from './account';
import type { Redact } from './redact';
import { redactor } from './redact';
import type { RegionKey } from './regionTable';
import {
	CUSTOM_REGION,
	REGIONS,
	WORKSPACE_ID,
	isRegionKey,
	regionBaseUrl,
	regionOfHost,
	usesWorkspaceDomain,
} from './regionTable';

/** "Germany (Frankfurt)", or "a custom base URL": how errors name where a call went. */
export function regionLabel(region: string): string {
	return isRegionKey(region) ? REGIONS[region].label : 'a custom base URL';
}

export interface ServiceEndpoint {
	baseUrl: string;
	/** A key of the region table, or "custom". */
	region: string;
	/** The region the calls go to: the chosen one, or the one a custom Base URL's host names. */
	servedBy?: RegionKey;
	workspaceId?: string;
	/** The account's process-wide request budgets. */
	account: Account;
	/** Removes this credential's key from any text that came back from the network. */
	redact: Redact;
	/** The credential as read for this call, handed to n8n's request helper (see request.ts). */
	credentials: ICredentialDataDecryptedObject;
}

// Keys and workspace ids are header values: visible ASCII only, so no CR/LF can add a header
// and no character can be mangled on the way.
const HEADER_SAFE = { pattern: /^[\x21-\x7e]$/, explain: '' };
const credentialAdvice = (label: string, what: string) =>
	`Open the Alibaba Wan credential and set ${label} again: ${what}. Leading and trailing spaces (and a pasted "Bearer ") are removed; spaces, line breaks and non-ASCII characters inside are refused, a DashScope value never has them.`;

/** The key as the credential sends it (a pasted "Bearer " and whitespace removed), checked. */
function readKey(
	this: ServiceContext,
	credentials: ICredentialDataDecryptedObject,
	itemIndex: number,
): string {
	const advice = credentialAdvice(
		'API Key',
		'paste the key from the API-KEY page of the Model Studio console of your region',
	);
	const given =
		typeof credentials.apiKey === 'string'
			? credentials.apiKey.trim().replace(/^bearer(\s+|$)/i, '')
			: credentials.apiKey;
	return checkText(this, itemIndex, "The credential's API Key", given, {
		required: true,
		charset: { ...HEADER_SAFE, explain: advice },
		advice,
	}) as string;
}

function readWorkspace(
	this: ServiceContext,
	credentials: ICredentialDataDecryptedObject,
	itemIndex: number,
): string | undefined {
	const advice = credentialAdvice(
		'Workspace ID',
		'copy it from the Model Studio console, or leave it empty',
	);
	return checkText(this, itemIndex, "The credential's Workspace ID", credentials.workspaceId, {
		charset: { ...HEADER_SAFE, explain: advice },
		advice,
	});
}

/** A budget field of the credential, checked at run time (expressions bypass the editor's bounds). */
function readBudget(
	this: ServiceContext,
	credentials: ICredentialDataDecryptedObject,
	field: 'queriesPerSecond' | 'createsPerSecond',
	label: string,
	itemIndex: number,
): number {
	const { default: fallback, min, max } = ACCOUNT_LIMITS[field];
	return checkNumber(
		this,
		itemIndex,
		`The credential's ${label}`,
		credentials[field],
		{ min, max, fallback },
		`Open the Alibaba Wan credential and set ${label} (default ${fallback}).`,
	);
}

const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/**
 * The custom Base URL, refused before any request when malformed or when it would carry the key
 * unencrypted off this machine (unless the credential explicitly allows insecure HTTP).
 */
function readBaseUrl(
	this: ServiceContext,
	credentials: ICredentialDataDecryptedObject,
	itemIndex: number,
): string {
	const example =
		'e.g. https://dashscope-intl.aliyuncs.com/api/v1, or http://127.0.0.1:PORT/api/v1 for a local emulator or proxy';
	const refuse = (
		problem: string,
		fix = `Set Base URL to the API base up to and including /api/v1, ${example}.`,
	): never => failParameter(this.getNode(), itemIndex, `The credential's Base URL ${problem}`, fix);
	const raw =
		typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim().replace(/\/+$/, '') : '';
	if (!/^https?:\/\//i.test(raw)) refuse('must start with http:// or https://');
	if (/[\s\p{Cc}]/u.test(raw)) refuse('contains spaces or control characters');
	if (!/^https?:\/\/[^/]/i.test(raw)) refuse('has no host');
	if (/[?#]/.test(raw)) refuse('must not have a query string (?) or a fragment (#)');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return refuse('is not a valid URL');
	}
	if (url.username || url.password)
		refuse(
			'must not contain a user name or password',
			'Remove the "user:password@" part: the API key is the only authorisation the node sends.',
		);
	if (
		url.protocol === 'http:' &&
		!LOOPBACK_HOST.test(url.hostname) &&
		credentials.allowInsecureHttp !== true
	) {
		refuse(
			`uses plain http:// to ${url.hostname}: the API key would travel unencrypted`,
			'Use https://. Plain http:// is allowed without asking only to this machine (127.0.0.1, localhost, [::1]); for another host in a network you trust, turn on Allow Insecure HTTP in the credential.',
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A workspace domain is the workspace id plus the region: without a valid id there is no host. */
function requireWorkspace(
	this: ServiceContext,
	region: RegionKey,
	workspaceId: string | undefined,
	itemIndex: number,
): void {
	const { label, shared } = REGIONS[region] as { label: string; shared: string | null };
	const why = shared
		? `the credential's Endpoint is the workspace domain of ${label}`
		: `${label} has only workspace domains ({WorkspaceId}.${REGIONS[region].id}.maas.aliyuncs.com), no shared DashScope domain`;
	if (!workspaceId)
		failParameter(
			this.getNode(),
			itemIndex,
			`The credential's Workspace ID is required: ${why}`,
			'Open the Alibaba Wan credential and set Workspace ID to the id in the API Host of your workspace (Model Studio console, API-KEY page), e.g. llm-xxxx or ws-xxxx.',
		);
	if (!WORKSPACE_ID.test(workspaceId as string))
		failParameter(
			this.getNode(),
			itemIndex,
			`The credential's Workspace ID "${String(workspaceId).slice(0, 40)}" is not a workspace id`,
			'A workspace id is letters, digits and "-" (e.g. llm-xxxx or ws-xxxx), the first part of the API Host the Model Studio console shows for the workspace.',
		);
}

/** Reads the credential's region into the base URL every call goes to (no secret leaves here). */
export async function resolveEndpoint(
	this: ServiceContext,
	itemIndex: number,
): Promise<ServiceEndpoint> {
	const credentials = await this.getCredentials('alibabaWanApi', itemIndex);
	const region = String(credentials.region ?? 'singapore');
	const key = readKey.call(this, credentials, itemIndex);
	const workspaceId = readWorkspace.call(this, credentials, itemIndex);
	let baseUrl: string;
	if (region === CUSTOM_REGION) {
		baseUrl = readBaseUrl.call(this, credentials, itemIndex);
	} else if (!isRegionKey(region)) {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown region "${region.slice(0, 40)}" in the credential`,
			{
				itemIndex,
				description: 'Open the Alibaba Wan credential and pick a region.',
			},
		);
	} else {
		if (usesWorkspaceDomain(region, credentials.endpoint))
			requireWorkspace.call(this, region, workspaceId, itemIndex);
		baseUrl = regionBaseUrl(region, credentials.endpoint, workspaceId);
	}
	return {
		baseUrl,
		region,
		servedBy: isRegionKey(region) ? region : regionOfHost(new URL(baseUrl).hostname),
		workspaceId,
		account: accountFor(
			accountKey(baseUrl, key),
			readBudget.call(this, credentials, 'queriesPerSecond', 'Task Queries per Second', itemIndex),
			readBudget.call(
				this,
				credentials,
				'createsPerSecond',
				'Task Creations per Second',
				itemIndex,
			),
		),
		redact: redactor([key, String(credentials.apiKey ?? '')]),
		credentials,
	};
}
