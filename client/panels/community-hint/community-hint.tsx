/**
 * What a panel says above the community level where its content comes from a community's own
 * devices (each car park, each sensor, each pipe): choose a community.
 */
import { useLang } from '../../i18n/i18n-store.ts';
import { msg, type MessageKey } from '../../i18n/messages.ts';

export function CommunityHint({ message, inline = false }: { message: MessageKey; inline?: boolean }) {
  const lang = useLang();
  return <div className={inline ? 'community-hint inline' : 'community-hint'} data-testid="community-hint">{msg(message, lang)}</div>;
}
