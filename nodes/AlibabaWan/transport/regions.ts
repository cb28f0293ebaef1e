import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Account } from './account';
import { ACCOUNT_LIMITS, accountFor, accountKey } from './account';

/** Hosts per region: keys are region-bound, so the region picks both host and key set. */
export const REGION_BASE_URLS = {
	singapore: 'https://dashscope-intl.aliyuncs.com/api/v1',
	beijing: 'https://dashscope.aliyuncs.com/api/v1',
	virginia: 'https://dashscope-us.aliyuncs.com/api/v1',
} as const;

export const REGION_LABELS: Record<string, string> = {
	singapore: 'Singapore (international)',
	beijing: 'China (Beijing)',
	virginia: 'US (Virginia)',
	custom: 'a custom base URL',
};

export interface ServiceEndpoint {
	baseUrl: string;
	region: string;
	workspaceId?: string;
	/** The account's process-wide request budgets. */
	account: Account;
}

/** The key as the credential sends it: a pasted "Bearer " and whitespace removed. */
const normalizedKey = (credentials: ICredentialDataDecryptedObject) =>
	String(credentials.apiKey ?? '').trim().replace(/^bearer\s+/i, '').trim();

/** A budget field of the credential, checked at run time (expressions bypass the editor's bounds). */
function readBudget(
	this: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	field: 'queriesPerSecond' | 'createsPerSecond',
	label: string,
	itemIndex: number,
): number {
	const { default: fallback, min, max } = ACCOUNT_LIMITS[field];
	const raw = credentials[field];
	const value = raw === undefined || raw === null || raw === '' ? fallback : Number(raw);
	if (!(value >= min && value <= max)) {
		throw new NodeOperationError(this.getNode(), `The credential's ${label} must be a number from ${min} to ${max}`, {
			itemIndex,
			description: `Open the Alibaba Wan credential and set ${label} (default ${fallback}).`,
		});
	}
	return value;
}

/** Reads the credential's region into the base URL every call goes to (no secret leaves here). */
export async function resolveEndpoint(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ServiceEndpoint> {
	const credentials = await this.getCredentials('alibabaWanApi', itemIndex);
	const region = String(credentials.region ?? 'singapore');
	const workspaceId = String(credentials.workspaceId ?? '').trim() || undefined;
	const withAccount = (baseUrl: string): ServiceEndpoint => ({
		baseUrl,
		region,
		workspaceId,
		account: accountFor(
			accountKey(baseUrl, normalizedKey(credentials)),
			readBudget.call(this, credentials, 'queriesPerSecond', 'Task Queries per Second', itemIndex),
			readBudget.call(this, credentials, 'createsPerSecond', 'Task Creations per Second', itemIndex),
		),
	});
	if (region !== 'custom') {
		const baseUrl = REGION_BASE_URLS[region as keyof typeof REGION_BASE_URLS];
		if (!baseUrl) {
			throw new NodeOperationError(this.getNode(), `Unknown region "${region}" in the credential`, {
				itemIndex,
				description: 'Open the Alibaba Wan credential and pick a region.',
			});
		}
		return withAccount(baseUrl);
	}
	const baseUrl = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!/^https?:\/\/[^/]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			'The credential\'s Base URL must start with http:// or https://',
			{
				itemIndex,
				description:
					'Set Base URL to the API base up to and including /api/v1, e.g. https://dashscope-intl.aliyuncs.com/api/v1',
			},
		);
	}
	return withAccount(baseUrl);
}
