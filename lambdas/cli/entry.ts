/**
 * The backup-doctor executable. The SDK's Node.js version notice is for Lambda authors, not for people running
 * the command, so it is turned off before anything loads the SDK; everything else is loaded after that.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
