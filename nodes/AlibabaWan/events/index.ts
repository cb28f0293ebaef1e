/**
 * The event trigger: Alibaba Cloud EventBridge's task-finished events, checked, each task fired
 * once (see receive.ts), and the token the editor's activation checks.
 */
export { MAX_EVENT_BYTES, TOKEN_HEADER, checkDelivery, tokenMatches } from './delivery';
export type { Delivery, TaskEvent, Verdict } from './delivery';
export {
	FIRED_KEEP_MS,
	FIRED_MAX,
	FiredMemory,
	hasFired,
	merged,
	pruned,
	savedFired,
} from './memory';
export type { Fired } from './memory';
export { receiveEvent } from './receive';
export { readEventSettings } from './settings';
