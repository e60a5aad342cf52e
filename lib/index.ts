export * from './log-destination';
export * from './delivery-destination';
export * from './delivery-destination-target';
export * from './delivery-source';
export * from './delivery';
export * from './log-centralization-rule';
export * from './errors';
