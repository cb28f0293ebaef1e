// The one JSON shape of a task and the items of its images, shared by the node and the trigger.
import type { ImageSlot } from '../../../nodes/AlibabaWan/items';
import { imageItems, statusFlags, taskJson } from '../../../nodes/AlibabaWan/items';

const binary = (name: string) => ({ data: '', mimeType: 'image/png', fileName: name });
const slots: ImageSlot[] = [
	{ index: 0, url: 'https://x/0.png', fileName: 't-0.png', binary: binary('t-0.png') },
	{
		index: 1,
		url: 'https://x/1.png',
		fileName: 't-1.png',
		downloadError: new Error('storage said no'),
	},
	{ index: 2, fileName: 't-2.png', code: 'InternalError', message: 'failed' },
];

test('status flags follow the status alone', () => {
	expect(statusFlags('RUNNING')).toEqual({
		done: false,
		succeeded: false,
		failed: false,
		shouldPoll: true,
	});
	expect(statusFlags('SUCCEEDED')).toEqual({
		done: true,
		succeeded: true,
		failed: false,
		shouldPoll: false,
	});
	expect(statusFlags('UNKNOWN')).toEqual({
		done: true,
		succeeded: false,
		failed: true,
		shouldPoll: false,
	});
});

test('a task as JSON: urls of the images that exist, results, error, and no undefined fields', () => {
	const json = taskJson(
		{
			taskId: 't',
			status: 'SUCCEEDED',
			results: [
				{ index: 0, url: 'https://x/0.png' },
				{ index: 1, code: 'E', message: 'm' },
			],
			imageCount: 1,
		},
		{ model: 'm' },
	);
	expect(json).toEqual({
		taskId: 't',
		status: 'SUCCEEDED',
		...statusFlags('SUCCEEDED'),
		model: 'm',
		imageUrls: ['https://x/0.png'],
		results: [
			{ index: 0, url: 'https://x/0.png' },
			{ index: 1, code: 'E', message: 'm' },
		],
		imageCount: 1,
	});
});

test('one item per image: only downloaded images for the node, every image with a URL for the trigger', () => {
	const output = { outputMode: 'perImage', binaryProperty: 'img' } as const;
	const node = imageItems({ taskId: 't' }, slots, output, false);
	expect(node).toEqual([
		{
			json: { taskId: 't', image: { index: 0, url: 'https://x/0.png', fileName: 't-0.png' } },
			binary: { img: slots[0].binary },
		},
	]);
	const trigger = imageItems({ taskId: 't' }, slots, output, true);
	expect(trigger.map((item) => item.json.image)).toEqual([
		{ index: 0, url: 'https://x/0.png', fileName: 't-0.png' },
		{ index: 1, url: 'https://x/1.png', fileName: 't-1.png', downloadError: 'storage said no' },
	]);
	expect(trigger[1].binary).toBeUndefined();
});

test('one item per task: images in name, name_1, ...; every slot described', () => {
	const [item] = imageItems(
		{ taskId: 't' },
		[slots[0], { ...slots[1], binary: binary('t-1.png'), downloadError: undefined }],
		{ outputMode: 'perTask', binaryProperty: 'data' },
		false,
	);
	expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
	expect((item.json.images as unknown[]).length).toBe(2);
});

test("the editor's defaults are the run-time checks' fallbacks", async () => {
	const { maxImageMbOption, OUTPUT_LIMITS } = await import('../../../nodes/AlibabaWan/items');
	const { waitFields } = await import('../../../nodes/AlibabaWan/actions/wait.description');
	const { WAIT_LIMITS } = await import('../../../nodes/AlibabaWan/wait');
	expect(maxImageMbOption.default).toBe(OUTPUT_LIMITS.maxImageMb.fallback);
	const maxWait = waitFields
		.flatMap((field) => (field.options ?? []) as Array<{ name: string; default?: unknown }>)
		.find((option) => option.name === 'maxWaitSeconds');
	expect(maxWait?.default).toBe(WAIT_LIMITS.maxWaitSeconds.fallback);
});
