import { MAX_SEARCH_QUERY_LENGTH } from '@galley/shared/api/search';

/** The search form's state, kept in the URL (?q=&status=…) so a search can be shared, bookmarked and gone back to. */
export interface SearchForm {
  q: string;
  status: string;
  language: string;
  subject: string;
  contributor: string;
}

export const FILTER_NAMES = ['status', 'language', 'subject', 'contributor'] as const;

export function formFromParams(params: URLSearchParams): SearchForm {
  const read = (name: string, max: number) => (params.get(name) ?? '').slice(0, max);
  return {
    q: read('q', MAX_SEARCH_QUERY_LENGTH),
    status: read('status', 40),
    language: read('language', 40),
    subject: read('subject', 16),
    contributor: read('contributor', 200),
  };
}

/** Only the fields that are set, trimmed: the URL and the api query. */
export function paramsFromForm(form: SearchForm): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ['q', ...FILTER_NAMES] as const) {
    const value = form[name].trim();
    if (value) params[name] = value;
  }
  return params;
}
