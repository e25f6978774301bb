export * from './reasons.js';
export * from './email.js';
export * from './evaluate.js';
