// The model table drives everything model-specific: the editor's list, sizes and hints, the
// limits, the route and the body.
import { description as editDescription } from '../../../nodes/AlibabaWan/actions/edit.operation';
import { description as fuseDescription } from '../../../nodes/AlibabaWan/actions/fuse.operation';
import {
	MODELS,
	labelsOf,
	modelLimits,
	modelName,
	modelsWhere,
	perModel,
} from '../../../nodes/AlibabaWan/create';
import { buildCreateBody } from '../../../nodes/AlibabaWan/create/body';
import { regionVerdict } from '../../../nodes/AlibabaWan/create/models';
import { REGIONS } from '../../../nodes/AlibabaWan/transport';
import type { GenerationSettings } from '../../../nodes/AlibabaWan/create';

const field = (properties: typeof editDescription, name: string) =>
	properties.filter((p) => p.name === name);

test('the Model list offers every model of the table, its exact id in the description, sorted', () => {
	const [, current] = field(editDescription, 'model');
	const options = current.options as Array<{ name: string; value: string; description: string }>;
	for (const [id, limits] of Object.entries(MODELS))
		expect(options).toContainEqual({
			name: limits.label,
			value: id,
			description: `${id}: ${limits.summary}`,
		});
	expect(options.map((o) => o.name)).toEqual(
		[...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)),
	);
});

test('sizes, presets and options are shown for the models that take them', () => {
	const [presets, named] = field(editDescription, 'size');
	expect(presets.displayOptions?.show?.model).toEqual([
		...modelsWhere((l) => l.sizePresets.length > 0),
		'custom',
	]);
	expect(named.displayOptions?.show?.model).toEqual(modelsWhere((l) => l.sizePresets.length === 0));
	const options = field(editDescription, 'options')[0].options as Array<{
		name: string;
		displayOptions?: { show?: Record<string, unknown> };
	}>;
	const shownFor = (name: string) =>
		options.find((o) => o.name === name)?.displayOptions?.show?.['/model'];
	expect(shownFor('boxes')).toEqual([...modelsWhere((l) => l.boxes), 'custom']);
	expect(shownFor('negativePrompt')).toEqual([...modelsWhere((l) => l.negativePrompt), 'custom']);
	const images = field(fuseDescription, 'images')[0];
	for (const limits of Object.values(MODELS))
		expect(images.description).toContain(`${limits.fuse.min} to ${limits.fuse.max}`);
});

test('texts group models that share a fact', () => {
	expect(labelsOf(['wan2.7-image', 'wan2.7-image-pro'].filter((id) => id in MODELS))).toBe(
		'Wan 2.7 and 2.7 Pro',
	);
	expect(perModel((l) => `${l.fuse.max}`)).toBe(
		'3 for Wan 2.5, 4 for Wan 2.6, 9 for Wan 2.7 and 2.7 Pro',
	);
});

test.each([
	['wan2.8-image', 'messages', 'Wan 2.7'],
	['wan2.6-image-plus', 'messages', 'Wan 2.6'],
	['wan2.6-t2i', 'synthesis', 'Wan 2.5'],
	['qwen-image-edit', 'synthesis', 'Wan 2.5'],
])('a custom id %s takes the %s route with the limits of %s', (id, api, like) => {
	const limits = modelLimits(id);
	const nearest = Object.values(MODELS).find((l) => l.label === like);
	expect(limits.api).toBe(api);
	expect(limits.fuse).toEqual(nearest?.fuse);
	expect(modelName(id)).toBe(id);
});

test('the create body of each API family', () => {
	const settings = (model: string): GenerationSettings => ({
		model,
		limits: modelLimits(model),
		prompt: 'p',
		negativePrompt: 'n',
		n: 2,
		size: '1K',
		seed: 7,
		watermark: false,
		boxes: [[], [[1, 2, 3, 4]]],
	});
	expect(
		buildCreateBody(
			{
				...settings('wan2.5-i2i-preview'),
				promptExtend: true,
				boxes: undefined,
				size: '1280*1280',
			},
			['a', 'b'],
		),
	).toEqual({
		model: 'wan2.5-i2i-preview',
		input: { prompt: 'p', images: ['a', 'b'], negative_prompt: 'n' },
		parameters: { n: 2, prompt_extend: true, watermark: false, size: '1280*1280', seed: 7 },
	});
	expect(buildCreateBody({ ...settings('wan2.6-image'), boxes: undefined }, ['a'])).toEqual({
		model: 'wan2.6-image',
		input: { messages: [{ role: 'user', content: [{ text: 'p' }, { image: 'a' }] }] },
		parameters: {
			n: 2,
			watermark: false,
			size: '1K',
			seed: 7,
			negative_prompt: 'n',
			enable_interleave: false,
		},
	});
	expect(
		buildCreateBody({ ...settings('wan2.7-image'), negativePrompt: undefined }, ['a', 'b'])
			.parameters,
	).toEqual({ n: 2, watermark: false, size: '1K', seed: 7, bbox_list: [[], [[1, 2, 3, 4]]] });
});

describe('model x region', () => {
	test('each listed model says offered, uncertain or absent for every region of the region table', () => {
		for (const [id, limits] of Object.entries(MODELS)) {
			const { offered, uncertain } = limits.regions;
			expect(offered.filter((key) => uncertain.includes(key))).toEqual([]);
			for (const key of [...offered, ...uncertain]) expect(Object.keys(REGIONS)).toContain(key);
			expect(regionVerdict(id, 'singapore')).toBe('offered');
		}
		expect(regionVerdict('wan2.7-image-pro', 'tokyo')).toBe('absent');
		expect(regionVerdict('wan2.6-image', 'frankfurt')).toBe('offered');
		expect(regionVerdict('wan2.6-image', 'hongkong')).toBe('uncertain');
		expect(regionVerdict(' WAN2.7-IMAGE ', 'virginia')).toBe('absent');
		// A typed model id is unknown to the table: sent, and a refusal explained.
		expect(regionVerdict('wan2.8-image', 'tokyo')).toBe('uncertain');
	});
});
