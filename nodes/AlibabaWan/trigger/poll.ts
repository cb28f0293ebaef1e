import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachBounded } from '../helpers/pool';
import { tuning } from '../helpers/tuning';
import { finishedItems, outcomeOf, statusMayFire, triggerKey } from '../finished';
import { createDownloader } from '../items';
import type { ListedTask, WanTask } from '../transport';
import { getTask, listAllTasks, listTasks, toServiceTime } from '../transport';
import type { Cursor } from './cursor';
import { KEEP_MS, advance, newCursor, newest, savedCursor, startedFromOf, unfired } from './cursor';
import type { TriggerSettings } from './settings';
import { readTriggerSettings } from './settings';
import { takeTurn } from './turns';

// A day of tasks is at most this many per model: the list is read to its end, never cut.
const LIST_LIMIT = 1_000_000;
// Of the engine's time for one poll (n8n abandons a poll that overruns it), what fetching may use:
// the rest is for the downloads in flight and handing the items over.
const FETCH_SHARE_OF_POLL_BUDGET = 0.6;
// n8n 2.x tells a poll its time (getPollBudgetMs): under its durable scheduler the poll timeout
// (45 s) less a margin, abandoning polls that overrun it; on its default path, which abandons none,
// 5 minutes. Hosts without it (1.x) are given the scheduler's timeout, to be safe.
const POLL_TIMEOUT_MS = 45_000;
// A round shorter than this leaves the tasks finished meanwhile to the next poll (a listing costs).
const RELIST_AFTER_MS = 10_000;

/** Whether a listed task may fire (the list does not tell partial from succeeded: the query does). */
const listedFires = (settings: TriggerSettings) => (task: ListedTask) =>
	statusMayFire(task.status, settings.outcomes);

/** The service's clock, learnt from its answers: every time sent to it is on this clock. */
interface ServiceClock {
	now(): number;
}

// The Date header has whole seconds: within this the two clocks are taken to agree, so a Created
// After of this machine is not moved earlier by the header's rounding.
const CLOCKS_AGREE_MS = 2000;

const clockFrom = (serverTime: number | undefined): ServiceClock => {
	const measured = serverTime === undefined ? 0 : serverTime - Date.now();
	const offset = Math.abs(measured) < CLOCKS_AGREE_MS ? 0 : measured;
	return { now: () => Date.now() + offset };
};

/** One cheap answer (a page of one task) for its Date header: the service's clock before a first listing. */
async function askClock(ctx: IPollFunctions): Promise<ServiceClock> {
	return clockFrom((await listTasks.call(ctx, { pageNo: 1, pageSize: 1 }, 0)).serverTime);
}

/** Every task of the watched models created at or after `from`, one listing per model. */
async function listSince(
	ctx: IPollFunctions,
	from: number,
	models: string[],
): Promise<{ listed: ListedTask[]; clock: ServiceClock }> {
	const listed = new Map<string, ListedTask>();
	let serverTime: number | undefined;
	for (const model of models.length ? models : [undefined]) {
		const listing = await listAllTasks.call(
			ctx,
			{ model, startTime: toServiceTime(from) },
			LIST_LIMIT,
			0,
		);
		serverTime ??= listing.serverTime;
		for (const task of listing.tasks) listed.set(task.taskId, task);
	}
	return { listed: [...listed.values()], clock: clockFrom(serverTime) };
}

/** How far one poll may go: tasks in one execution, and time. */
interface Drain {
	maxTasks: number;
	/** Epoch ms (this machine's clock) after which no further task is fetched. */
	until: number;
}

/**
 * Queries the tasks in order (earliest finished first), each once, through the account's query
 * budget, downloading what is asked for as they come, until the batch, Max Tasks per Execution or
 * the poll's time is used up. Returns the items of the tasks whose outcome fires, and every task
 * fetched (fired or not: those are done with).
 */
async function fire(
	ctx: IPollFunctions,
	batch: ListedTask[],
	settings: TriggerSettings,
	drain: Drain = { maxTasks: batch.length, until: Infinity },
): Promise<{ items: INodeExecutionData[]; fetched: ListedTask[] }> {
	const tasks: Array<WanTask | undefined> = new Array(batch.length);
	const downloader = createDownloader.call(ctx, settings.download, settings.maxImageBytes);
	let taken = 0;
	await forEachBounded(batch.length, tuning().watch.pollConcurrency, async (index) => {
		// Taken in order: what is left over is the latest finished, for the next poll. At least one
		// task per poll, so a poll whose listing used up its time still moves on.
		if (taken >= drain.maxTasks || (taken > 0 && Date.now() >= drain.until)) return;
		taken++;
		const task = await getTask.call(ctx, batch[index].taskId, 0);
		tasks[index] = task;
		const outcome = outcomeOf(task);
		if (outcome && settings.outcomes.has(outcome)) downloader.start(task, 0);
	});
	await downloader.finished();
	const items = tasks.flatMap((task, index) => {
		const outcome = task && outcomeOf(task);
		if (!task || !outcome || !settings.outcomes.has(outcome)) return [];
		return finishedItems(task, batch[index].model, outcome, downloader, settings);
	});
	return { items, fetched: batch.filter((_, index) => tasks[index] !== undefined) };
}

/** Fetch Test Event: the newest finished task of the last day (or since Created After); the cursor is left alone. */
async function testEvent(
	this: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	const clock = await askClock(this);
	const from = Math.max(clock.now() - KEEP_MS, serviceTimeOf(settings.createdAfter, clock) ?? 0);
	const cursor: Cursor = { from, fired: {}, startedFrom: '' };
	const { listed } = await listSince(this, from, settings.models);
	const newest = unfired(cursor, listed, listedFires(settings)).reverse();
	for (const task of newest) {
		const { items } = await fire(this, [task], settings);
		if (items.length) return [items];
	}
	throw new NodeOperationError(this.getNode(), 'No finished task to show', {
		description: `No task of ${settings.models.join(', ') || 'any model'} finished in the states of Fire On during the last 24 hours. Submit one with the Alibaba Wan node (Wait for Completion off), then fetch again.`,
	});
}

/** Created After is a time of this machine's clock: the service filters on its own. */
function serviceTimeOf(localMs: number | undefined, clock: ServiceClock): number | undefined {
	return localMs === undefined ? undefined : localMs + (clock.now() - Date.now());
}

// The cursor each trigger's last drain left, in this process: a poll that n8n created while the
// last one drained may carry static data read before that drain saved its cursor.
const lastCursor = new Map<string, Cursor>();
// A poll that waited for the last one drains after it only with at least this much fetching time.
const MIN_DRAIN_MS = 5_000;

/** The time n8n gives this poll. */
const pollBudgetMs = (ctx: IPollFunctions): number =>
	typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : POLL_TIMEOUT_MS;

/**
 * One poll: fires every task that finished since the last one, as fast as the account's query
 * budget allows, up to Max Tasks per Execution and within the engine's time for a poll; what is
 * left fires at the next poll, earliest finished first. A poll that starts while the last one
 * drains waits for it, then, if it was the only one waiting, drains on with what is left of its
 * own time (see turns.ts). Times sent to the service are on its clock (its Date header and the tasks'
 * own times), never on this machine's.
 */
export async function pollFinishedTasks(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(this);
	if (this.getMode() === 'manual') return await testEvent.call(this, settings);

	const startedAt = Date.now();
	const budgetMs = pollBudgetMs(this);
	const until = startedAt + budgetMs * FETCH_SHARE_OF_POLL_BUDGET;
	const key = triggerKey(this);
	return await takeTurn(
		key,
		() => until - Date.now() >= MIN_DRAIN_MS,
		async () => await drain.call(this, settings, key, until),
		null,
		startedAt + budgetMs - Date.now(),
	);
}

/** The work of one poll, alone on its trigger's cursor. */
async function drain(
	this: IPollFunctions,
	settings: TriggerSettings,
	key: string,
	until: number,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const startedFrom = startedFromOf(settings.createdAfter);
	let cursor = newest(savedCursor(staticData, startedFrom), lastCursor.get(key), startedFrom);
	if (!cursor) {
		// A first poll (or a changed Created After) starts from the service's "now": ask it first.
		const clock = await askClock(this);
		cursor = newCursor(serviceTimeOf(settings.createdAfter, clock), startedFrom, clock.now());
	}
	const fires = listedFires(settings);
	const items: INodeExecutionData[] = [];
	let taken = 0;
	// Tasks that finish while a long round drains are taken too, so the query budget does not
	// idle until the next poll while a big batch finishes; each round lists again from the cursor.
	for (;;) {
		const roundStart = Date.now();
		const { listed, clock } = await listSince(this, cursor.from, settings.models);
		const batch = unfired(cursor, listed, fires);
		const round = await fire(this, batch, settings, { maxTasks: settings.maxTasks - taken, until });
		items.push(...round.items);
		taken += round.fetched.length;
		cursor = advance(cursor, listed, round.fetched, fires, clock.now());
		const stopped = round.fetched.length < batch.length;
		const short = Date.now() - roundStart < RELIST_AFTER_MS;
		if (!round.fetched.length || stopped || short || taken >= settings.maxTasks) break;
		if (Date.now() >= until) break;
	}
	// Saved only now that every task fetched was read: a failed poll fires nothing and loses nothing.
	staticData.cursor = cursor;
	lastCursor.set(key, cursor);
	return items.length ? [items] : null;
}
