// Package recent remembers keys for a while: the channels an adapter came
// into lately, so that a platform announcing one join twice is greeted
// once. It is memory only; what must survive a restart is the engine's
// durable dedupe, not this.
package recent
