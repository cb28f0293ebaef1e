import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyOption, maxImageMbOption, outputModeField } from '../items';

/** Wait for Completion and what to do with the results; shared by Edit, Fuse and Get Status. */
export const waitFields: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the task is finished and return its result. Off: return the task at once, e.g. for a Wait → Get Status loop on very long jobs.',
	},
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the result images as binary data for the next node (result URLs expire after 24 hours)',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	{
		...outputModeField,
		displayOptions: { show: { waitForCompletion: [true], downloadImages: [true] } },
	},
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { waitForCompletion: [true] } },
		options: [
			binaryPropertyOption,
			{
				displayName: 'Cancel Pending Tasks on Stop',
				name: 'cancelOnStop',
				type: 'boolean',
				default: true,
				description:
					'Whether to cancel the tasks that have not started yet (PENDING) when the workflow is stopped or times out while waiting, so they are not billed',
			},
			maxImageMbOption,
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				// A literal for n8n's lint: the same as WAIT_LIMITS (a unit test holds them together).
				default: 600,
				typeOptions: { minValue: 1 },
				description:
					'How long to wait for the tasks of this run before On Timeout applies (default 10 minutes)',
			},
			{
				displayName: 'On Timeout',
				name: 'onTimeout',
				type: 'options',
				default: 'error',
				options: [
					{
						name: 'Fail With the Task ID',
						value: 'error',
						description: 'The error names the task so Get Status can pick it up',
					},
					{
						name: 'Return the Current Status',
						value: 'returnStatus',
						description: 'Output the unfinished task (timedOut: true, shouldPoll: true)',
					},
				],
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'0 = automatic: every second at first (results show up within a second), then backing off to every 5 seconds for long tasks',
			},
		],
	},
];
