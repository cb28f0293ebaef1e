// What a newcomer reads in n8n's editor before running anything: the nodes panel entry, the
// trigger's event, the Fuse image list, Edit Boxes help, Custom Size and the credential's fields.
// n8n's own rules for turning descriptions into panel texts are restated here where a test needs
// them (editor-ui nodeCreator: useActionsGeneration.ts), each with where it comes from.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AlibabaWanApi } from '../../credentials/AlibabaWanApi.credentials';
import { AlibabaWan } from '../../nodes/AlibabaWan/AlibabaWan.node';
import { AlibabaWanTrigger } from '../../nodes/AlibabaWan/AlibabaWanTrigger.node';
import { MODELS, labelsOf, modelsWhere } from '../../nodes/AlibabaWan/create';
import { regionHint } from '../../nodes/AlibabaWan/transport/errors';
import { readImages } from '../../nodes/AlibabaWan/actions/fuse.operation';
import type { GenerationSettings } from '../../nodes/AlibabaWan/create';
import { modelLimits } from '../../nodes/AlibabaWan/create';
import { NODE, errorOf, fakeContext } from './context';

const node = new AlibabaWan().description;
const trigger = new AlibabaWanTrigger().description;
const fields = (name: string, operation?: string) =>
	node.properties.filter(
		(p) =>
			p.name === name &&
			(!operation || (p.displayOptions?.show?.operation ?? []).includes(operation)),
	);
const shownFor = (p: INodeProperties, key: string) => p.displayOptions?.show?.[key] as unknown[];
// lodash's lowerCase, enough for option names: words split on case changes and spaces.
const lowerCase = (text: string) =>
	text
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.split(/\s+/)
		.map((word) => word.toLowerCase())
		.join(' ');

describe('nodes panel', () => {
	test('the trigger is listed as "On task finished", not "On on task finished"', () => {
		// n8n 2.41 lists each Event option as `action ?? "On " + lowerCase(name)` (onEvent).
		const events = trigger.properties.find((p) => p.displayName === 'Event');
		const listed = (events?.options as INodePropertyOptions[]).map(
			(o) => o.action ?? `On ${lowerCase(o.name)}`,
		);
		expect(listed).toEqual(['On task finished']);
	});

	test('the merged node-and-trigger entry describes image editing, and still the trigger', () => {
		// n8n merges `<name>Trigger` into `<name>` and gives the entry the TRIGGER's description.
		expect(trigger.name).toBe(`${node.name}Trigger`);
		expect(trigger.description).toMatch(/^Edit and fuse images with Alibaba Cloud Model Studio/);
		expect(trigger.description).toMatch(/starts a workflow for each image task that finished/);
	});

	test('model facts in the node texts come from the model table', () => {
		const maxima = [...new Set(Object.values(MODELS).map((l) => l.fuse.max))];
		const fuse = (fields('operation')[0].options as INodePropertyOptions[]).find(
			(o) => o.value === 'fuse',
		);
		expect(fuse?.description).toContain(
			`up to ${maxima.slice(0, -1).join(', ')} or ${maxima[maxima.length - 1]} by model`,
		);
		expect(node.description).toContain(labelsOf(Object.keys(MODELS)));
	});
});

describe('Model list', () => {
	test('each option names its model and gives the exact, lower-case id n8n does not re-case', () => {
		for (const model of fields('model', 'edit')) {
			for (const option of model.options as INodePropertyOptions[]) {
				if (option.value === 'custom') continue;
				expect(option.name).toBe(MODELS[option.value as string].label);
				expect(option.name).not.toMatch(/wan\d/i);
				expect(option.description?.startsWith(`${option.value}: `)).toBe(true);
				expect(option.value).toBe((option.value as string).toLowerCase());
			}
		}
	});
});

describe('Edit Boxes help', () => {
	const boxes = (operation: string) =>
		(fields('options', operation)[0].options as INodeProperties[]).find((o) => o.name === 'boxes');
	const example = (text = '') => JSON.parse(/E\.g\. (\[.*\]) with/.exec(text)?.[1] ?? 'null');

	test('Edit shows a one-image example, Fuse a two-image one; the default is an empty list', () => {
		expect(example(boxes('edit')?.description)).toHaveLength(1);
		expect(example(boxes('edit')?.description)[0]).toHaveLength(1);
		expect(example(boxes('fuse')?.description)).toHaveLength(2);
		expect(boxes('edit')?.default).toBe('[]');
	});
});

describe('Fuse images', () => {
	const images = fields('images', 'fuse')[0];
	const most = Math.max(...Object.values(MODELS).map((l) => l.fuse.max));

	test('the list takes at most the largest model maximum and titles entries Image 1, Image 2, ...', () => {
		expect(images.typeOptions?.maxAllowedFields).toBe(most);
		const title = images.typeOptions?.fixedCollection?.itemTitle as string;
		// The title is an n8n expression over $collection.item.index (0-based).
		const expression = /^=\{\{(.*)\}\}$/.exec(title)?.[1] as string;
		// eslint-disable-next-line @typescript-eslint/no-implied-eval
		const evaluate = new Function('$collection', `return ${expression}`);
		expect([0, 1, 8].map((index) => evaluate({ item: { index } }))).toEqual([
			'Image 1',
			'Image 2',
			'Image 9',
		]);
	});

	test('a notice above the list tells the chosen model its range, one per model', () => {
		const notices = fields('imagesNotice', 'fuse');
		for (const [id, limits] of Object.entries(MODELS)) {
			const shown = notices.filter((n) => shownFor(n, 'model').includes(id));
			expect(shown).toHaveLength(1);
			expect(shown[0].type).toBe('notice');
			expect(shown[0].displayName).toContain(`${limits.fuse.min} to ${limits.fuse.max} images`);
			expect(shown[0].displayName).toContain(limits.label.replace(/^Wan /, ''));
		}
		const order = node.properties.map((p) => p.name);
		expect(order.indexOf('imagesNotice')).toBeLessThan(order.indexOf('images'));
	});
});

describe('Fuse image count at run time (expressions and older editors bypass the list)', () => {
	const run = (model: string, count: number) =>
		errorOf(() =>
			readImages.call(
				fakeContext({ images: { image: Array.from({ length: count }, () => ({})) } }),
				0,
				{ model, limits: modelLimits(model) } as GenerationSettings,
			),
		);

	test('too many: the advice never names the model already picked, nor one that takes fewer', async () => {
		const wan27 = await run('wan2.7-image', 10);
		expect(wan27.message).toBe('Images: Fuse with Wan 2.7 takes 2 to 9 images, got 10');
		expect(wan27.description).toBe('Remove images under Images: Wan 2.7 accepts at most 9.');
		expect((await run('wan2.5-i2i-preview', 4)).description).toBe(
			`Remove images under Images: Wan 2.5 accepts at most 3, or pick a model that takes 4: ${labelsOf(modelsWhere((l) => l.fuse.max >= 4))}.`,
		);
		expect((await run('wan2.6-image', 5)).description).toMatch(/takes 5: Wan 2\.7 and 2\.7 Pro\.$/);
		// A custom id of a listed model is that model.
		expect((await run('wan2.7-image-pro', 10)).description).not.toMatch(/pick/);
	});
});

describe('Custom Size', () => {
	test("shows the chosen model's limits only; a custom id sees every model's", () => {
		const sizes = fields('customSize', 'edit');
		for (const [id, limits] of Object.entries(MODELS)) {
			const shown = sizes.filter((s) => shownFor(s, 'model').includes(id));
			expect(shown).toHaveLength(1);
			expect(shown[0].description).toContain(`${Math.sqrt(limits.sizePixels.max)}*`);
			const others = Object.values(MODELS).filter(
				(l) => l.sizePixels.max !== limits.sizePixels.max,
			);
			for (const other of others)
				expect(shown[0].description).not.toContain(`${Math.sqrt(other.sizePixels.max)}*`);
		}
		const custom = sizes.filter((s) => shownFor(s, 'model').includes('custom'));
		expect(custom).toHaveLength(1);
		expect(custom[0].description).toContain(labelsOf(modelsWhere(() => true)).split(',')[0]);
	});

	test('n8n keeps the one value of Custom Size when the model changes (same name)', () => {
		const parameters = {
			operation: 'edit',
			model: 'wan2.5-i2i-preview',
			size: 'custom',
			customSize: '1000*1000',
		};
		for (const model of [...Object.keys(MODELS), 'custom']) {
			const resolved = NodeHelpers.getNodeParameters(
				node.properties,
				{ ...parameters, model, ...(model === 'custom' ? { size: 'custom' } : {}) },
				false,
				false,
				{ ...NODE, typeVersion: 1.1 },
				node,
			);
			expect(resolved?.customSize).toBe('1000*1000');
		}
	});
});

describe('credential', () => {
	const credential = new AlibabaWanApi();

	test('whole-number fields show as whole numbers (no forced decimals)', () => {
		const numbers = credential.properties.filter((p) => p.type === 'number');
		expect(numbers.length).toBeGreaterThan(0);
		for (const field of numbers) {
			expect(Number.isInteger(field.default)).toBe(true);
			expect(field.typeOptions?.numberPrecision ?? 0).toBe(0);
		}
	});

	test('the wrong-key advice names the field that chose the host', () => {
		expect(regionHint('singapore', 'https://dashscope-intl.aliyuncs.com/api/v1')).toMatch(
			/check the Region of/,
		);
		const custom = regionHint('custom', 'http://127.0.0.1:9/api/v1');
		expect(custom).toMatch(/check the Base URL/);
		expect(custom).not.toMatch(/Region of/);
		const rule = credential.test.rules?.find((r) => r.type === 'responseCode');
		expect(rule?.properties.message).toMatch(/with Custom Base URL the Base URL/);
	});
});
