import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EDITING_MODELS } from './create';
import { binaryPropertyOption, maxImageMbOption, outputModeField } from './items';
import { pollFinishedTasks } from './trigger/poll';

export class AlibabaWanTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba Wan Trigger',
		name: 'alibabaWanTrigger',
		icon: { light: 'file:alibabaWan.svg', dark: 'file:alibabaWan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On task finished',
		description:
			'Starts the workflow once for each Alibaba Wan (DashScope) image task that finished',
		defaults: { name: 'Alibaba Wan Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alibabaWanApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'taskFinished',
				options: [
					{
						name: 'On Task Finished',
						value: 'taskFinished',
						description: 'Once for each task that finished since the last poll',
					},
				],
			},
			{
				displayName: 'Fire On',
				name: 'statuses',
				type: 'multiOptions',
				default: ['succeeded', 'partial', 'failed', 'canceled'],
				options: [
					{
						name: 'Succeeded',
						value: 'succeeded',
						description: 'Every image of the task was made',
					},
					{
						name: 'Partly Succeeded',
						value: 'partial',
						description:
							'The task succeeded with fewer images than asked: a failed image (Wan 2.5), or fewer images returned (Wan 2.6/2.7, tasks created by this n8n)',
					},
					{ name: 'Failed', value: 'failed' },
					{ name: 'Canceled', value: 'canceled' },
				],
				description: 'Which finished states start the workflow',
			},
			{
				displayName: 'Download Images',
				name: 'downloadImages',
				type: 'boolean',
				default: true,
				description:
					'Whether to download the result images as binary data for the next node (result URLs expire 24 hours after the task finished)',
			},
			{ ...outputModeField, displayOptions: { show: { downloadImages: [true] } } },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					binaryPropertyOption,
					{
						displayName: 'Created After',
						name: 'createdAfter',
						type: 'dateTime',
						default: '',
						description:
							'First run only: also fire for tasks created since this time (at most 24 hours back). Empty: tasks created from the activation on.',
					},
					{
						...maxImageMbOption,
						description:
							'A download larger than this fails (the task still fires, with the reason) instead of filling memory or disk',
					},
					{
						// The name is kept for saved workflows (it was "per Poll"); one poll starts one execution.
						displayName: 'Max Tasks per Execution',
						name: 'maxTasksPerPoll',
						type: 'number',
						default: 500,
						typeOptions: { minValue: 1, maxValue: 10000 },
						description:
							"The most finished tasks one execution carries (with One Item per Image, up to 4 items each); the rest fire at the next polls, earliest finished first. A poll fetches as fast as the credential's Task Queries per Second allows. Lower it when n8n keeps binary data in memory.",
					},
					{
						displayName: 'Models',
						name: 'models',
						type: 'string',
						default: EDITING_MODELS,
						description:
							'Tasks of these models fire (comma-separated); empty: every model of the account',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFinishedTasks.call(this);
	}
}
