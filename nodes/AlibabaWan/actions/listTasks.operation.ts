import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { NEW_NODE_MODEL } from '../create';
import { checkBoolean, checkNumber, checkOption, checkText } from '../helpers/checks';
import { failParameter } from '../helpers/nodeError';
import { compact, mapItems, statusFlags } from '../items';
import type { ListedTask } from '../transport';
import { listAllTasks, toServiceTime } from '../transport';

// The service keeps a day of tasks; a larger limit is a typo or a runaway expression.
const MAX_LIMIT = 100_000;
const STATUSES = ['CANCELED', 'FAILED', 'PENDING', 'RUNNING', 'SUCCEEDED'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'startTime',
				type: 'dateTime',
				default: '',
				description:
					'Only tasks created at or after this time. The service keeps tasks for about 24 hours.',
			},
			{
				displayName: 'Created Before',
				name: 'endTime',
				type: 'dateTime',
				default: '',
				description: 'Only tasks created at or before this time',
			},
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: `e.g. ${NEW_NODE_MODEL}`,
				description: 'Only tasks of this model',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'RUNNING',
				options: STATUSES.map((value) => ({
					name: value.charAt(0) + value.slice(1).toLowerCase(),
					value,
				})),
				description: 'Only tasks in this status',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['listTasks'] } }, properties);

/** Any date n8n hands over -> the service's YYYYMMDDhhmmss in Beijing time (UTC+8). */
function filterTime(
	this: IExecuteFunctions,
	field: string,
	value: unknown,
	i: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		failParameter(
			this.getNode(),
			i,
			`${field} "${String(value)}" is not a date`,
			'Use an ISO date such as 2026-11-23T08:00:00Z, or pick a date in the field.',
		);
	}
	return toServiceTime(ms);
}

function listedJson(task: ListedTask): IDataObject {
	return compact({ ...task, ...statusFlags(task.status) });
}

/** Limit and filters of item i, checked. */
export function readListQuery(this: IExecuteFunctions, i: number) {
	const returnAll = checkBoolean(
		this,
		i,
		'Return All',
		this.getNodeParameter('returnAll', i, false),
		false,
	);
	const limit = returnAll
		? Infinity
		: checkNumber(
				this,
				i,
				'Limit',
				this.getNodeParameter('limit', i, 50),
				{ min: 1, max: MAX_LIMIT, integer: true },
				`Set Limit to a whole number from 1 to ${MAX_LIMIT}, or turn on Return All.`,
			);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query = {
		status:
			filters.status === undefined || filters.status === ''
				? undefined
				: checkOption(this, i, 'Status', filters.status, STATUSES),
		model: checkText(this, i, 'Model', filters.model, {
			advice: `Name a model, e.g. ${NEW_NODE_MODEL}, or remove the Model filter.`,
		}),
		startTime: filterTime.call(this, 'Created After', filters.startTime, i),
		endTime: filterTime.call(this, 'Created Before', filters.endTime, i),
	};
	return { query, limit };
}

async function listForItem(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { query, limit } = readListQuery.call(this, i);
	const { tasks } = await listAllTasks.call(this, query, limit, i);
	return tasks.map((task) => ({ json: listedJson(task), pairedItem: { item: i } }));
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await mapItems.call(this, items, async (i) => await listForItem.call(this, i));
}
