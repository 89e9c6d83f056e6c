// `npm run bench`: every benchmark in turn. Results land in bench/results/ (JSON and Markdown).
await import('./cost.bench.js');
await import('./intake.bench.js');
await import('./routing.bench.js');
await import('./queue-listing.bench.js');
await import('./notifications.bench.js');
await import('./audit.bench.js');
await import('./attachments.bench.js');
await import('./search.bench.js');
