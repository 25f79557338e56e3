/**
 * The operator on duty: asked once, kept in localStorage, sent with every action (`operator`).
 * Acting is refused on screen until it is set.
 */
import { createStore } from 'zustand/vanilla';

const KEY = 'console.operator';
/** The server's limit on operator names, characters. */
export const MAX_OPERATOR = 64;

function saved(): string {
  try {
    return (localStorage.getItem(KEY) ?? '').slice(0, MAX_OPERATOR);
  } catch {
    return '';
  }
}

export const operatorStore = createStore<{ operator: string }>()(() => ({ operator: typeof window === 'undefined' ? '' : saved() }));

export function setOperator(name: string): void {
  const operator = name.trim().slice(0, MAX_OPERATOR);
  operatorStore.setState({ operator });
  try {
    localStorage.setItem(KEY, operator);
  } catch {
    // Storage disabled: the name lasts this session.
  }
}
