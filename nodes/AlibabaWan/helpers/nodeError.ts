import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What checks and errors need of a context: the node, for the error's header (node runs and polls alike). */
export interface HasNode {
	getNode(): INode;
}

/** Passes n8n errors through unchanged and wraps anything else, so the UI shows the item at fault. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Bad input: a NodeOperationError whose message names the field and whose description says the fix. */
export function failParameter(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): never {
	throw new NodeOperationError(node, message, { itemIndex, description });
}

/**
 * Appends every task this run created to an error that stops the node, so no paid task is lost
 * even though the node returns no items.
 */
export function mentionTasks<E extends Error>(
	error: E,
	tasks: Array<{ taskId: string; itemIndex: number; status?: string }>,
): E {
	if (tasks.length) {
		const list = tasks.map(
			(task) => `${task.taskId} (item ${task.itemIndex}${task.status ? `, ${task.status}` : ''})`,
		);
		const target = error as E & { description?: string | null };
		target.description =
			`${target.description ?? ''} Tasks of this run: ${list.join('; ')}.`.trim();
	}
	return error;
}
