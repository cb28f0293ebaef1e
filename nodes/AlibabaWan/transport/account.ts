import { createHash } from 'node:crypto';

import { RateBudget } from './budget';

/** Defaults and bounds of the credential's budgets (the service allows 20 task queries/s per account). */
export const ACCOUNT_LIMITS = {
	queriesPerSecond: { default: 10, min: 1, max: 20 },
	// Unpublished at the service; a 429 lowers the pace on its own.
	createsPerSecond: { default: 10, min: 1, max: 20 },
};

/** One DashScope account as this process sees it: every execution using it shares these budgets. */
export interface Account {
	/** Base URL and a hash of the key: never the key itself. */
	key: string;
	/** Task queries, list pages and cancels. */
	queries: RateBudget;
	creates: RateBudget;
}

const accounts = new Map<string, Account>();

/** The account key: base URL plus a short hash of the API key, safe to log and to use as a map key. */
export function accountKey(baseUrl: string, apiKey: string): string {
	const digest = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
	return `${baseUrl}#${digest}`;
}

/** The process-wide budgets of an account, created on first use; ceilings follow the credential. */
export function accountFor(
	key: string,
	queriesPerSecond: number,
	createsPerSecond: number,
): Account {
	let account = accounts.get(key);
	if (!account) {
		account = {
			key,
			queries: new RateBudget(queriesPerSecond),
			creates: new RateBudget(createsPerSecond, 'creates'),
		};
		accounts.set(key, account);
	}
	account.queries.setCeiling(queriesPerSecond);
	account.creates.setCeiling(createsPerSecond);
	return account;
}
