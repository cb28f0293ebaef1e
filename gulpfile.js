// tsc compiles TypeScript only: the node and credential icons must be copied into dist by hand.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { encoding: false }).pipe(
		dest((file) => path.join('dist', path.relative(__dirname, file.base))),
	),
);
