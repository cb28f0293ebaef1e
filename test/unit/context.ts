// A node context for unit tests of the code that reads parameters: values are given already
// resolved (what an n8n expression would have produced), so the checks meet objects, lists,
// NaN and text exactly as in a run, without the engine. The engine tests keep one case per kind.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

export const NODE: INode = {
	id: 'node-1',
	name: 'Alibaba Wan',
	type: 'n8n-nodes-alibaba-wan.alibabaWan',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const get = (object: unknown, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			object,
		);

export interface FakeOptions {
	items?: INodeExecutionData[];
	credentials?: IDataObject;
	continueOnFail?: boolean;
}

/** The parts of IExecuteFunctions the parameter readers use; anything else throws if called. */
export function fakeContext(parameters: IDataObject, options: FakeOptions = {}): IExecuteFunctions {
	const items = options.items ?? [{ json: {} }];
	const context = {
		getNode: () => NODE,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			get(parameters, name) ?? fallback,
		getCredentials: async () => options.credentials ?? {},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			getBinaryDataBuffer: async (i: number, name: string) =>
				Buffer.from(items[i].binary?.[name]?.data ?? '', 'base64'),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/** A binary input item as n8n holds it in memory (base64). */
export function binaryItem(buffer: Buffer, mimeType = 'image/png'): INodeExecutionData {
	return {
		json: {},
		binary: { data: { data: buffer.toString('base64'), mimeType, fileName: 'input' } },
	};
}

/** The message and description of the error `work` throws (both as n8n shows them). */
export async function errorOf(
	work: () => unknown,
): Promise<{ message: string; description: string }> {
	try {
		await work();
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		return { message, description: description ?? '' };
	}
	throw new Error('expected an error, none was thrown');
}
