/** The channel form's body: what an administrator typed becomes settings the server takes, and a blank secret keeps the stored one. */
import { describe, expect, it } from 'vitest';
import { channelTarget, formValues, settingsBody } from '../../../client/admin/notify-fields.ts';
import { SECRET_MASK, type ChannelSettings } from '../../../streams/notify.ts';

const masked: ChannelSettings = { kind: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${SECRET_MASK}`, secret: SECRET_MASK };

describe('the channel form', () => {
  it('starts an existing channel with its secrets blank, and sends the mask for them so they are kept', () => {
    const values = formValues(masked, 'dingtalk');
    expect(values).toEqual({ url: '', secret: '' });
    expect(settingsBody('dingtalk', values, true)).toEqual({ kind: 'dingtalk', url: SECRET_MASK, secret: SECRET_MASK });
  });

  it('sends a new secret as typed, and leaves blank secrets out of a new channel', () => {
    expect(settingsBody('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECxyz' }, true))
      .toEqual({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECxyz' });
    expect(settingsBody('webhook', { url: 'https://ops.example.cn/hook', secret: '' }, false)).toEqual({ kind: 'webhook', url: 'https://ops.example.cn/hook' });
  });

  it('splits lists on commas (either width) and spaces, reads numbers, leaves blank options out', () => {
    const body = settingsBody('email', { host: 'smtp.example.cn', port: '465', security: 'tls', username: '', password: 'pw', from: 'a@example.cn', to: 'b@example.cn，c@example.cn d@example.cn' }, false);
    expect(body).toEqual({ kind: 'email', host: 'smtp.example.cn', port: 465, security: 'tls', password: 'pw', from: 'a@example.cn', to: ['b@example.cn', 'c@example.cn', 'd@example.cn'] });
  });

  it('shows where a channel sends', () => {
    expect(channelTarget({ kind: 'sms', url: 'https://sms.example.cn', method: 'POST', contentType: 'application/json', bodyTemplate: '', tokenHeader: '', token: '', phones: ['13800138000'] }))
      .toBe('https://sms.example.cn → 13800138000');
  });
});
