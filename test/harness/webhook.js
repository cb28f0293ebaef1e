'use strict';
/**
 * Calls a webhook trigger's webhook() the way n8n's live webhooks do: one WebhookContext of
 * n8n-core (1.x and 2.x take the same arguments) over a Workflow holding the given static data,
 * with a request as n8n's body parser leaves it (parsed JSON body and the raw bytes) and a
 * response object that records what the node answers. The static data after the call is handed
 * back (n8n saves it once the call has answered), so a test can call again with it.
 */
const { getEngine } = require('./engine');
const { triggerNode } = require('./trigger-node');

/** The slice of an Express response a node uses: status(), json(), send(), end(). */
function recordingResponse() {
	const res = {
		statusCode: 200,
		headersSent: false,
		sent: undefined,
		status(code) {
			res.statusCode = code;
			return res;
		},
		json(body) {
			res.sent = body;
			res.headersSent = true;
			return res;
		},
		send(body) {
			return res.json(body);
		},
		end(body) {
			return res.json(body);
		},
		setHeader() {},
	};
	return res;
}

/**
 * @param {object} options
 * @param {object} options.node the trigger node, as exported by n8n (name, type, parameters)
 * @param {Record<string, object>} [options.credentials] fixture credential data by credential TYPE
 * @param {object} [options.staticData] the workflow's static data before the call
 * @param {string} [options.workflowId] the same id for calls to one workflow
 * @param {'webhook'|'manual'} [options.mode] 'manual' is the editor's test URL
 * @param {object} options.request { method (POST), headers, body: object | string | Buffer }
 */
async function callWebhook({
	node,
	credentials = {},
	staticData = {},
	workflowId,
	mode = 'webhook',
	request,
}) {
	const { core } = getEngine();
	const trigger = triggerNode({
		node,
		credentials,
		staticData,
		workflowId,
		mode,
		label: 'webhook',
	});
	const { workflow, workflowNode, nodeType, additionalData } = trigger;
	const raw = Buffer.isBuffer(request.body)
		? request.body
		: Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
	let parsed = {};
	try {
		parsed = JSON.parse(raw.toString('utf8'));
	} catch {
		parsed = {};
	}
	const headers = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...request.headers })
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => [k.toLowerCase(), v]),
	);
	const req = {
		method: request.method ?? 'POST',
		headers,
		body: parsed,
		rawBody: raw,
		params: {},
		query: {},
	};
	const res = recordingResponse();
	additionalData.httpRequest = req;
	additionalData.httpResponse = res;
	const [description] = nodeType.description.webhooks;
	const webhookData = {
		httpMethod: description.httpMethod,
		node: workflowNode.name,
		path: description.path,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new core.WebhookContext(
		workflow,
		workflowNode,
		additionalData,
		mode,
		webhookData,
		[],
		null,
	);
	const response = await nodeType.webhook.call(context);
	return {
		response,
		/** What the node answered: status and JSON body (undefined when it left the answer to n8n). */
		status: res.headersSent ? res.statusCode : undefined,
		body: res.sent,
		items: response?.workflowData?.[0] ?? [],
		staticData: trigger.staticDataNow(),
		credentialsHelper: trigger.credentialsHelper,
	};
}

module.exports = { callWebhook };
