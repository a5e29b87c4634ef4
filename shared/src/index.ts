export * from './api/auth.ts';
export * from './api/books.ts';
export * from './api/common.ts';
export * from './errors.ts';
export * from './roles.ts';
