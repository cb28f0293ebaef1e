'use strict';
/**
 * Tiny node types the harness registers next to the package's own types:
 *  - `n8n-nodes-base.manualTrigger` (also `manualTrigger`): behaves like n8n's Manual Trigger
 *    (a trigger whose manualTriggerFunction emits one empty item), so fixtures look like exports.
 *  - `harness.fixture`: emits the `items` given to runWorkflow; Buffers in `binary` are turned
 *    into n8n binary data with this.helpers.prepareBinaryData, as a real upstream node would.
 *  - `harness.setJson`: sets each item's json to the object given in its `json` parameter
 *    (a JSON string or an expression such as `={{ { "prompt": $json.text } }}`), keeping binary.
 */

/** workflow id -> items for the Fixture node of that run */
const fixtureItems = new Map();

class ManualTrigger {
	constructor() {
		this.description = {
			displayName: 'Manual Trigger',
			name: 'manualTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Runs the flow on clicking a button in n8n',
			maxNodes: 1,
			defaults: { name: 'When clicking ‘Execute workflow’' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		};
	}

	async trigger() {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

function isBytes(value) {
	return Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

class Fixture {
	constructor() {
		this.description = {
			displayName: 'Fixture',
			name: 'fixture',
			group: ['transform'],
			version: 1,
			description: 'Emits the items given to runWorkflow({ items })',
			defaults: { name: 'Fixture' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		};
	}

	async execute() {
		const source = fixtureItems.get(this.getWorkflow().id) ?? [];
		const inputLength = Math.max(this.getInputData().length, 1);
		const out = [];
		for (let i = 0; i < source.length; i++) {
			const item = source[i] ?? {};
			const result = {
				json: item.json === undefined ? {} : structuredClone(item.json),
				pairedItem: item.pairedItem ?? { item: Math.min(i, inputLength - 1) },
			};
			if (item.binary) {
				result.binary = {};
				for (const [key, entry] of Object.entries(item.binary)) {
					if (isBytes(entry)) {
						result.binary[key] = await this.helpers.prepareBinaryData(Buffer.from(entry));
					} else if (entry && isBytes(entry.buffer)) {
						const { buffer, fileName, mimeType } = entry;
						result.binary[key] = await this.helpers.prepareBinaryData(
							Buffer.from(buffer),
							fileName,
							mimeType,
						);
					} else {
						// Already an n8n IBinaryData object: pass it through untouched.
						result.binary[key] = structuredClone(entry);
					}
				}
			}
			out.push(result);
		}
		return [out];
	}
}

class SetJson {
	constructor() {
		this.description = {
			displayName: 'Set JSON',
			name: 'setJson',
			group: ['transform'],
			version: 1,
			description: "Sets each item's JSON to the given object, keeping binary data",
			defaults: { name: 'Set JSON' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{
					displayName: 'JSON',
					name: 'json',
					type: 'json',
					default: '{}',
					description: 'The new JSON of the item: a JSON string or an expression',
				},
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			let value = this.getNodeParameter('json', i);
			if (typeof value === 'string') value = JSON.parse(value);
			const item = { json: value, pairedItem: { item: i } };
			if (items[i].binary) item.binary = items[i].binary;
			out.push(item);
		}
		return [out];
	}
}

function builtinNodeTypes() {
	const manualTrigger = new ManualTrigger();
	return {
		'n8n-nodes-base.manualTrigger': manualTrigger,
		manualTrigger,
		'harness.fixture': new Fixture(),
		'harness.setJson': new SetJson(),
	};
}

module.exports = { builtinNodeTypes, fixtureItems, ManualTrigger, Fixture, SetJson };
