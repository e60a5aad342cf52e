export * from './log-destination';
export * from './delivery-destination';
export * from './delivery-source';
export * from './delivery';
export * from './account-subscription-filter';
export * from './subscription-filter-chain';
