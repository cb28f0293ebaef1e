'use strict';
// The agent scenario: n8n's AI Agent, its chat model pointed at a scripted OpenAI-compatible server
// on 127.0.0.1 (first a tool call, then a final answer), the Alibaba Wan node attached as its tool.
const http = require('node:http');

const n8n = require('./n8n');
const img = require('./images');
const { CREDENTIAL } = require('./workflows');

/** Chat Completions, scripted: a tool call while no tool result was sent, then a final answer. */
function startScriptedModel() {
	const requests = [];
	const png = img.splitPng(400, 400, img.RED);
	const server = http.createServer((req, res) => {
		if (req.url === '/image.png')
			return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const body = raw ? JSON.parse(raw) : {};
			requests.push(body);
			const toolMessage = (body.messages ?? []).find((m) => m.role === 'tool');
			const tool = (body.tools ?? [])[0]?.function?.name ?? 'missing_tool';
			const message = toolMessage
				? {
						role: 'assistant',
						content: `Done: ${JSON.parse(toolMessage.content.startsWith('[') ? toolMessage.content : `[${toolMessage.content}]`)[0]?.taskId ?? 'no task'}`,
					}
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: 'call_1',
								type: 'function',
								function: {
									name: tool,
									arguments: JSON.stringify({
										prompt: 'Invert the colours of the photo',
										imageUrl: `${origin()}/image.png`,
									}),
								},
							},
						],
					};
			const finish = toolMessage ? 'stop' : 'tool_calls';
			const base = {
				id: `chatcmpl-${requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: body.model,
			};
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const delta = message.tool_calls
					? {
							role: 'assistant',
							tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })),
						}
					: message;
				res.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
				);
				res.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`,
				);
				return res.end('data: [DONE]\n\n');
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	const origin = () => `http://127.0.0.1:${server.address().port}`;
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ origin: origin(), requests, stop: () => new Promise((r) => server.close(r)) }),
		),
	);
}

function agentWorkflow() {
	const id = (n) => `0d9e2e00-0000-4000-8200-00000000000${n}`;
	return {
		id: 'wanE2eAgentTool',
		name: 'E2E agent with the Wan tool',
		nodes: [
			{
				id: id(1),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: id(2),
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: {
					promptType: 'define',
					text: 'Invert the colours of the photo at the given URL and tell me the task id.',
					options: {},
				},
			},
			{
				id: id(3),
				name: 'Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [220, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
				credentials: { openAiApi: { id: 'wanE2eOpenAi0001', name: 'Scripted model' } },
			},
			{
				id: id(4),
				name: 'Edit Image',
				type: 'n8n-nodes-alibaba-wan.alibabaWanTool',
				typeVersion: 1,
				position: [440, 200],
				credentials: { alibabaWanApi: CREDENTIAL },
				parameters: {
					operation: 'edit',
					source: 'url',
					url: "={{ $fromAI('imageUrl', 'The http(s) URL of the image to edit', 'string') }}",
					prompt:
						"={{ $fromAI('prompt', 'What to change in the image, in one sentence', 'string') }}",
					numberOfImages: 1,
					waitForCompletion: true,
					downloadImages: false,
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			'Edit Image': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** Runs the agent once; returns what the model received as the tool result and the agent's output. */
async function runAgentScenario(inst, emu) {
	const model = await startScriptedModel();
	try {
		inst.env.N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE = 'true';
		const creds = await n8n.importCredentials(inst, [
			{
				id: 'wanE2eOpenAi0001',
				name: 'Scripted model',
				type: 'openAiApi',
				data: { apiKey: 'sk-scripted', url: `${model.origin}/v1` },
			},
		]);
		if (creds.code !== 0) throw new Error(`openAiApi credential import failed\n${n8n.tail(creds)}`);
		const workflow = agentWorkflow();
		const r = await n8n.importWorkflow(inst, workflow);
		if (r.code !== 0) throw new Error(`import failed\n${n8n.tail(r)}`);
		const before = (await emu.log()).length;
		const run = await n8n.execute(inst, workflow.id);
		const error = run.data?.resultData?.error;
		if (run.code !== 0 || !run.data || error)
			throw new Error(
				`agent run failed (exit ${run.code}): ${error?.message ?? ''}\n${n8n.tail(run)}`,
			);
		const output = n8n.nodeItems(run.data, 'AI Agent')?.[0]?.json?.output;
		const toolMessage = model.requests
			.flatMap((b) => b.messages ?? [])
			.find((m) => m.role === 'tool');
		const creates = (await emu.log()).slice(before).filter((rec) => rec.route === 'create');
		return { output, toolResult: toolMessage?.content, requests: model.requests, creates };
	} finally {
		await model.stop();
	}
}

module.exports = { runAgentScenario };
