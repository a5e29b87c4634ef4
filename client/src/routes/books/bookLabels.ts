// The labels live in shared: the api names automatic versions with the same words.
export { statusLabel } from '@galley/shared/bookStatusLabels';
