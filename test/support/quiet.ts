// Synth warnings are asserted through SynthWarnings.of(...), not read from standard error.
process.env.GENESYS_CDK8S_WARNINGS = 'off';
