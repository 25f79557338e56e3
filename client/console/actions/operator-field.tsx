/** The operator name in the header: an input until set, then the name with a "change" button. */
import { useState } from 'react';
import { useStore } from 'zustand';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { MAX_OPERATOR, operatorStore, setOperator } from './operator-store.ts';

export function OperatorField() {
  const lang = useLang();
  const operator = useStore(operatorStore, (s) => s.operator);
  const [editing, setEditing] = useState(operator === '');
  const [draft, setDraft] = useState(operator);
  if (!editing && operator) {
    return (
      <span className="operator" data-testid="operator">
        {t('operator', lang)}: <b data-testid="operator-name">{operator}</b>
        <button type="button" onClick={() => { setDraft(operator); setEditing(true); }}>{t('operatorChange', lang)}</button>
      </span>
    );
  }
  return (
    <form className="operator" data-testid="operator-form" onSubmit={(e) => {
      e.preventDefault();
      if (!draft.trim()) return;
      setOperator(draft);
      setEditing(false);
    }}>
      <label>{t('operator', lang)}{' '}
        <input data-testid="operator-input" value={draft} maxLength={MAX_OPERATOR} placeholder={t('operatorPlaceholder', lang)} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" data-testid="operator-save" disabled={!draft.trim()}>{t('operatorSave', lang)}</button>
    </form>
  );
}
