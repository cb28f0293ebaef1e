'use strict';
// Workflow JSON of the e2e scenarios (importable with `n8n import:workflow`).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const WAN_TYPE = 'n8n-nodes-alibaba-wan.alibabaWan';
const CREDENTIAL = { id: 'wanE2eCred0000001', name: 'Alibaba Wan account' };

let nodeId = 0;
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: `0d9e2e00-0000-4000-8000-${String(++nodeId).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position: [nodeId * 220, 0],
	parameters,
	...extra,
});
const wan = (name, parameters) =>
	node(name, WAN_TYPE, 1, parameters, { credentials: { alibabaWanApi: CREDENTIAL } });

/** Connects nodes in a chain. */
function chain(...nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

function workflow(id, name, nodes) {
	return {
		id,
		name,
		nodes,
		connections: chain(...nodes),
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const manual = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
const readFiles = (name, fileSelector) =>
	node(name, 'n8n-nodes-base.readWriteFile', 1, {
		fileSelector,
		options: { dataPropertyName: 'data' },
	});
const writeFiles = (name, fileName) =>
	node(name, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'write',
		fileName,
		dataPropertyName: 'data',
		options: {},
	});

/** 1. Manual → Read PNG from disk → Edit (wait, download) → Write the images to disk. */
function editToDisk({ id = 'wanE2eEditToDisk', inputFile, outDir }) {
	return workflow(id, 'E2E Edit to disk', [
		manual(),
		readFiles('Read Input Image', inputFile),
		wan('Alibaba Wan Edit', {
			operation: 'edit',
			prompt: 'Invert the colours of the photo',
			source: 'binary',
			binaryField: 'data',
			numberOfImages: 2,
			waitForCompletion: true,
			downloadImages: true,
			outputMode: 'perImage',
		}),
		writeFiles('Write Result Images', `=${outDir}/result-{{ $json.image.index }}.png`),
	]);
}

/** Webhook (binary POST into `data`) → the Wan node → Respond to Webhook with the result image. */
function webhookRespond(id, name, { webhookPath, webhookId, wanNode }) {
	return workflow(id, name, [
		node(
			'Receive Image',
			'n8n-nodes-base.webhook',
			2,
			{
				httpMethod: 'POST',
				path: webhookPath,
				responseMode: 'responseNode',
				options: { binaryPropertyName: 'data' },
			},
			{ webhookId },
		),
		wanNode,
		node('Respond With Image', 'n8n-nodes-base.respondToWebhook', 1.1, {
			respondWith: 'binary',
			responseDataSource: 'set',
			inputFieldName: 'data',
			options: {},
		}),
	]);
}

const waitAndDownload = {
	numberOfImages: 1,
	waitForCompletion: true,
	downloadImages: true,
	outputMode: 'perImage',
};

/** 2. Webhook (binary POST) → Fuse with a second (base64) image → Respond to Webhook with the image. */
function webhookFuse({
	id = 'wanE2eWebhookFuse',
	path: webhookPath = 'wan-e2e-fuse',
	secondImageBase64,
}) {
	return webhookRespond(id, 'E2E Webhook Fuse', {
		webhookPath,
		webhookId: '2f6d0c3e-1b1a-4c55-9e0e-5a3d2f6d0c3e',
		wanNode: wan('Alibaba Wan Fuse', {
			operation: 'fuse',
			prompt: 'Put Image 1 to the left of Image 2',
			images: {
				image: [
					{ source: 'binary', binaryField: 'data' },
					{ source: 'base64', base64: secondImageBase64 },
				],
			},
			...waitAndDownload,
		}),
	});
}

/**
 * Load: Webhook (raw image POST, binary field `data`) → Edit (wait, download, one item per image) →
 * Respond to Webhook with that image. The webhookId (n8n's key of the registration) derives from `id`,
 * so several of these can be active side by side.
 */
function webhookEdit({ id = 'wanE2eWebhookEdit', path: webhookPath = 'wan-e2e-edit' } = {}) {
	const hex = crypto.createHash('sha1').update(id).digest('hex');
	const webhookId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	return webhookRespond(id, 'E2E Webhook Edit', {
		webhookPath,
		webhookId,
		wanNode: wan('Alibaba Wan Edit', {
			operation: 'edit',
			prompt: 'Invert the colours of the photo',
			source: 'binary',
			binaryField: 'data',
			...waitAndDownload,
		}),
	});
}

/** 3. Scheduled-pipeline style: a folder of N images → Edit → one item per image → written out. */
function folderBatch({ id = 'wanE2eFolderBatch', inputGlob, outDir }) {
	return workflow(id, 'E2E Folder batch', [
		manual(),
		readFiles('Read Folder', inputGlob),
		wan('Alibaba Wan Edit', {
			operation: 'edit',
			prompt: '=Clean up {{ $json.fileName }}',
			source: 'binary',
			binaryField: 'data',
			numberOfImages: 1,
			waitForCompletion: true,
			downloadImages: true,
			outputMode: 'perImage',
		}),
		writeFiles(
			'Write Edited Images',
			`=${outDir}/{{ $('Read Folder').item.binary.data.fileName.replace('.png', '') }}-edited.png`,
		),
	]);
}

/** Bench (a): Read folder → this node. */
function benchOurs({ id = 'wanBenchOurs', inputGlob }) {
	return workflow(id, 'Bench: n8n-nodes-alibaba-wan', [
		manual(),
		readFiles('Read Folder', inputGlob),
		wan('Alibaba Wan Edit', {
			operation: 'edit',
			prompt: 'Invert the colours',
			source: 'binary',
			binaryField: 'data',
			numberOfImages: 1,
			size: '1280*1280',
			waitForCompletion: true,
			downloadImages: true,
			outputMode: 'perImage',
			options: { promptExtend: false },
		}),
	]);
}

/** Bench (b): Read folder → n8n's built-in Alibaba Cloud (Qwen Cloud) node, Image → Generate with wan2.5-i2i-preview. */
function benchBuiltIn({ id = 'wanBenchBuiltIn', inputGlob, credential }) {
	return workflow(id, 'Bench: built-in Alibaba Cloud node', [
		manual(),
		readFiles('Read Folder', inputGlob),
		node(
			'Built-in Alibaba Cloud',
			'@n8n/n8n-nodes-langchain.alibabaCloud',
			1.1,
			{
				resource: 'image',
				operation: 'generate',
				modelId: { __rl: true, mode: 'id', value: 'wan2.5-i2i-preview' },
				prompt: 'Invert the colours',
				referenceImages: { values: [{ inputType: 'binary', binaryPropertyName: 'data' }] },
				downloadImage: true,
				imageOptions: {},
			},
			{ credentials: { alibabaCloudApi: credential } },
		),
	]);
}

/** Example workflows shipped in examples/, with the credential id pointed at the imported one. */
function loadExamples(dir) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			for (const n of json.nodes)
				if (n.credentials?.alibabaWanApi) n.credentials.alibabaWanApi = { ...CREDENTIAL };
			return { file, json };
		});
}

/** The credential "Alibaba Wan account" pointed at the emulator's Singapore base (`data` adds fields). */
function emulatorCredential(emu, data = {}) {
	return {
		id: CREDENTIAL.id,
		name: CREDENTIAL.name,
		type: 'alibabaWanApi',
		data: {
			apiKey: emu.singaporeKey,
			region: 'custom',
			baseUrl: emu.singaporeBase,
			workspaceId: '',
			...data,
		},
	};
}

module.exports = {
	emulatorCredential,
	editToDisk,
	webhookFuse,
	webhookEdit,
	folderBatch,
	benchOurs,
	benchBuiltIn,
	loadExamples,
	CREDENTIAL,
	WAN_TYPE,
};
