'use strict';
/**
 * Runs a polling trigger's poll() the way n8n's ActiveWorkflowManager does: one PollContext of
 * n8n-core (1.x and 2.x take the same first five arguments) over a Workflow holding the given
 * static data. The static data after the poll is handed back, so a test can poll again with it
 * (same process) or from a JSON copy of it (a restart).
 */
const { getEngine } = require('./engine');
const { triggerNode } = require('./trigger-node');

/**
 * @param {object} options
 * @param {object} options.node the trigger node, as exported by n8n (name, type, parameters)
 * @param {Record<string, object>} [options.credentials] fixture credential data by credential TYPE
 * @param {object} [options.staticData] the workflow's static data before the poll (default none)
 * @param {'trigger'|'manual'} [options.mode] 'manual' is the editor's Fetch Test Event
 * @param {string} [options.workflowId] the same id for polls of one workflow (default: a new one)
 * @param {number} [options.pollBudgetMs] what n8n 2.x's getPollBudgetMs() answers (default its own)
 */
async function pollTrigger({
	node,
	credentials = {},
	staticData = {},
	mode = 'trigger',
	workflowId,
	pollBudgetMs,
}) {
	const { core } = getEngine();
	const trigger = triggerNode({ node, credentials, staticData, workflowId, mode, label: 'poll' });
	const { workflow, workflowNode, nodeType, additionalData } = trigger;
	const context = new core.PollContext(
		workflow,
		workflowNode,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	if (pollBudgetMs !== undefined) context.getPollBudgetMs = () => pollBudgetMs;
	const response = await nodeType.poll.call(context);
	return {
		response,
		items: response?.[0] ?? [],
		/** The static data after the poll, as n8n would save it (plain JSON). */
		staticData: trigger.staticDataNow(),
		credentialsHelper: trigger.credentialsHelper,
	};
}

module.exports = { pollTrigger };
