import type { INodeProperties } from 'n8n-workflow';

/** How downloaded images become items: shared by the node's wait fields and the trigger. */
export const outputModeField: INodeProperties = {
	displayName: 'Output',
	name: 'outputMode',
	type: 'options',
	default: 'perImage',
	options: [
		{
			name: 'One Item per Image',
			value: 'perImage',
			description: 'Each image in binary field "data": what storage and messaging nodes expect',
		},
		{
			name: 'One Item per Task',
			value: 'perTask',
			description: 'The images of a task in binary fields data, data_1, data_2, data_3',
		},
	],
};

export const binaryPropertyOption: INodeProperties = {
	displayName: 'Binary Field Name',
	name: 'binaryProperty',
	type: 'string',
	default: 'data',
	description:
		'Name of the binary field for the first image (further images of a task: name_1, name_2, ...)',
};

export const maxImageMbOption: INodeProperties = {
	displayName: 'Max Image Size (MB)',
	name: 'maxImageMb',
	type: 'number',
	// n8n's lint wants a literal: the same as OUTPUT_LIMITS (a unit test holds them together).
	default: 50,
	typeOptions: { minValue: 1 },
	description: 'A download larger than this fails instead of filling memory or disk',
};
