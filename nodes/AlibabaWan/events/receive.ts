import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { finishedItems, outcomeOf, statusMayFire, triggerKey } from '../finished';
import { deadline } from '../helpers/deadline';
import { tuning } from '../helpers/tuning';
import { createDownloader } from '../items';
import type { WanTask } from '../transport';
import { getTask, withCancelSignal } from '../transport';
import type { TaskEvent } from './delivery';
import { TOKEN_HEADER, checkDelivery } from './delivery';
import { FiredMemory, savedFired } from './memory';
import type { EventSettings } from './settings';
import { readEventSettings } from './settings';

// One per n8n process: every event trigger's claims and fired tasks (see FiredMemory).
const memory = new FiredMemory();

type Answer = (status: number, body: IDataObject) => IWebhookResponseData;

/**
 * One EventBridge delivery: checked before anything is asked of the service, then the task is
 * queried once (through the account's query budget) and fires once, whatever EventBridge re-sends.
 * Every answer is sent here, so n8n never answers for the node (it would start an execution for a
 * webhook function that throws). A query that fails is answered 503: EventBridge delivers the
 * event again, and the task is not remembered as fired.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const answer: Answer = (status, body) => {
		response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	let settings: EventSettings;
	try {
		settings = readEventSettings(this);
	} catch (error) {
		// The node's own mistake: a 5xx makes EventBridge try again while someone fixes it.
		this.logger.error(`Alibaba Wan Event Trigger: ${(error as Error).message}`);
		return answer(500, { message: 'The trigger is not set up; see the n8n log' });
	}
	const request = this.getRequestObject() as unknown as {
		method: string;
		headers: Record<string, string | string[] | undefined>;
		rawBody?: Buffer;
	};
	const verdict = checkDelivery(
		{
			method: request.method,
			contentType: request.headers['content-type'] as string | undefined,
			rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined,
			body: this.getBodyData(),
			token: request.headers[TOKEN_HEADER],
		},
		settings.token,
	);
	if (!verdict.event) {
		this.logger.debug(`Alibaba Wan Event Trigger: answered ${verdict.status}: ${verdict.reason}`);
		return answer(verdict.status, { message: verdict.reason });
	}
	return await fireOnce.call(this, verdict.event, settings, answer);
}

async function fireOnce(
	this: IWebhookFunctions,
	event: TaskEvent,
	settings: EventSettings,
	answer: Answer,
): Promise<IWebhookResponseData> {
	const ignored = (reason: string) =>
		answer(200, { message: `Ignored: ${reason}`, taskId: event.taskId });
	if (!statusMayFire(event.status, settings.outcomes))
		return ignored(`a ${event.status} task is not in Fire On`);
	if (settings.models.length && !(event.model && settings.models.includes(event.model)))
		return ignored(`model ${event.model ?? '(not named)'} is not in Models`);
	// The editor's test URL neither reads nor writes the record of the active workflow.
	const remembers = this.getMode() !== 'manual';
	const trigger = triggerKey(this);
	const staticData = this.getWorkflowStaticData('node');
	const now = Date.now();
	if (remembers && !memory.claim(trigger, savedFired(staticData), event.taskId, now))
		return ignored('the task fired already (or is firing)');
	try {
		let task: WanTask;
		const bound = deadline(tuning().events.fetchTimeoutMs);
		try {
			task = await getTask.call(withCancelSignal(this, bound.signal), event.taskId, 0);
		} catch (error) {
			this.logger.warn(
				`Alibaba Wan Event Trigger: task ${event.taskId} could not be queried (${(error as Error).message}); answered 503 so EventBridge delivers it again`,
			);
			return answer(503, {
				message: 'The task could not be queried; deliver again later',
				taskId: event.taskId,
			});
		} finally {
			bound.clear();
		}
		const outcome = outcomeOf(task);
		if (!outcome) {
			return answer(503, {
				message: `The task is ${task.status}, not finished; deliver again later`,
				taskId: event.taskId,
			});
		}
		if (remembers)
			staticData.fired = memory.fire(trigger, savedFired(staticData), event.taskId, Date.now());
		if (!settings.outcomes.has(outcome)) return ignored(`a ${outcome} task is not in Fire On`);
		// Acknowledged before the downloads: EventBridge re-sends slow answers.
		answer(200, { message: 'Accepted', taskId: event.taskId });
		const downloader = createDownloader.call(this, settings.download, settings.maxImageBytes);
		downloader.start(task, 0);
		await downloader.finished();
		return {
			noWebhookResponse: true,
			workflowData: [finishedItems(task, event.model, outcome, downloader, settings)],
		};
	} finally {
		if (remembers) memory.release(trigger, event.taskId);
	}
}
