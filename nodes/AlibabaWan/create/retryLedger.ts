import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { tuning } from '../helpers/tuning';

/** A task created for an item, and the request it was created from. */
interface LedgerEntry {
	fingerprint: string;
	taskId: string;
	status: string;
}

interface LedgerRun {
	at: number;
	items: Map<number, LedgerEntry>;
}

// Ended tasks are not billed (FAILED) or will never finish: a retry may create them anew.
const NOT_RESUMABLE = new Set(['FAILED', 'CANCELED', 'UNKNOWN']);

const runs = new Map<string, LedgerRun>();

function prune(now: number): void {
	const { maxRuns, keepMs } = tuning().ledger;
	for (const [key, run] of runs) {
		if (runs.size > maxRuns || now - run.at > keepMs) runs.delete(key);
		else break; // oldest first: the rest is younger
	}
}

/** The run of this node in this execution; n8n's Retry On Fail repeats it with the same run index. */
function runKey(ctx: IExecuteFunctions): string {
	let runIndex: unknown = 0;
	try {
		runIndex = ctx.evaluateExpression('{{ $runIndex }}', 0);
	} catch {
		// an old host without $runIndex: one run per execution and node
	}
	const node = ctx.getNode();
	return `${ctx.getExecutionId()}|${node.id ?? node.name}|${String(runIndex)}`;
}

export function fingerprintOf(body: IDataObject): string {
	return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * What a node run created, item by item. When the run fails after creating tasks (a download
 * error, Max Wait) and n8n's Retry On Fail runs it again in the same execution, the retry resumes
 * those tasks instead of paying for new ones. A run that ends well forgets its entries.
 */
export class RetryLedger {
	private readonly key: string;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.key = runKey(ctx);
	}

	/** The task created for this item by an earlier try of this run from the same request, if it can still deliver. */
	resumable(itemIndex: number, fingerprint: string): LedgerEntry | undefined {
		const entry = runs.get(this.key)?.items.get(itemIndex);
		if (!entry || entry.fingerprint !== fingerprint || NOT_RESUMABLE.has(entry.status))
			return undefined;
		this.ctx.logger.info(
			`Alibaba Wan: item ${itemIndex} resumes task ${entry.taskId} created by an earlier try of this node (Retry On Fail); no new task is created`,
		);
		return entry;
	}

	record(itemIndex: number, fingerprint: string, taskId: string, status: string): void {
		const now = Date.now();
		prune(now);
		let run = runs.get(this.key);
		if (!run) {
			run = { at: now, items: new Map() };
			runs.set(this.key, run);
		}
		run.items.set(itemIndex, { fingerprint, taskId, status });
	}

	/** Last known statuses, so a retry knows which tasks ended for good. */
	noteStatuses(tasks: Array<{ itemIndex: number; taskId: string; status: string }>): void {
		const run = runs.get(this.key);
		for (const task of tasks) {
			const entry = run?.items.get(task.itemIndex);
			if (entry?.taskId === task.taskId) entry.status = task.status;
		}
	}

	/**
	 * The run returned `output`. Without error items nothing is left to resume; with them (Continue
	 * On Fail) n8n's Retry On Fail runs the node again, and the good tasks must not be paid twice.
	 */
	settle<T extends { json: IDataObject }>(
		output: T[],
		tasks: Array<{ itemIndex: number; taskId: string; status: string }>,
	): T[] {
		if (output.some((item) => item.json.error !== undefined)) this.noteStatuses(tasks);
		else runs.delete(this.key);
		return output;
	}
}
