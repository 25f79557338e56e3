/** Words of the sign-in page, the display page and the user menu (zh-CN first, English on the toggle). */
import type { Lang } from '../i18n/i18n-store.ts';

const MESSAGES = {
  signInTitle: { zh: '登录', en: 'Sign in' },
  productName: { zh: '社区运行指挥驾驶舱', en: 'Community Operations Cockpit' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  signIn: { zh: '登录', en: 'Sign in' },
  signingIn: { zh: '正在登录…', en: 'Signing in…' },
  demoVisit: { zh: '演示访问', en: 'Demo visit' },
  demoVisitNote: { zh: '只读，仅可查看演示社区', en: 'Read-only, the demo community only' },
  fieldsRequired: { zh: '请输入用户名和密码', en: 'Enter your username and password' },
  wrongCredentials: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  lockedUntil: { zh: '账号已锁定，将于 {time}（北京时间）解锁', en: 'Account locked until {time} (China time)' },
  locked: { zh: '账号已锁定', en: 'Account locked' },
  throttled: { zh: '尝试次数过多，请 {s} 秒后再试', en: 'Too many attempts: try again in {s} s' },
  throttledDone: { zh: '可以再次尝试登录', en: 'You may try again' },
  signInFailed: { zh: '登录失败：', en: 'Sign-in failed: ' },
  unreachable: { zh: '无法连接服务器：', en: 'Cannot reach the server: ' },
  // Password change.
  changePassword: { zh: '修改密码', en: 'Change password' },
  mustChangePassword: { zh: '首次登录或密码已被重置，请先设置新密码', en: 'Set a new password before going on' },
  oldPassword: { zh: '原密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  confirmPassword: { zh: '确认新密码', en: 'Repeat new password' },
  passwordsDiffer: { zh: '两次输入的新密码不一致', en: 'The new passwords differ' },
  passwordChanged: { zh: '密码已修改', en: 'Password changed' },
  passwordFailed: { zh: '密码未修改：', en: 'Password not changed: ' },
  save: { zh: '保存', en: 'Save' },
  cancel: { zh: '取消', en: 'Cancel' },
  close: { zh: '关闭', en: 'Close' },
  // User menu.
  signedInAs: { zh: '当前用户', en: 'Signed in as' },
  role: { zh: '角色', en: 'Role' },
  scopes: { zh: '管辖范围', en: 'Scope' },
  allScopes: { zh: '全部', en: 'Everything' },
  noScopes: { zh: '无', en: 'None' },
  administration: { zh: '系统管理', en: 'Administration' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  // Display page.
  displayTitle: { zh: '大屏接入', en: 'Wall screen' },
  displayConnecting: { zh: '正在验证大屏令牌…', en: 'Checking the display token…' },
  displayNoToken: { zh: '链接中没有大屏令牌（应为 display.html#token=…）', en: 'The link carries no display token (expected display.html#token=…)' },
  displayRefused: { zh: '大屏令牌无效或已撤销：', en: 'The display token is invalid or revoked: ' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type AuthMessage = keyof typeof MESSAGES;

export function t(key: AuthMessage, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = MESSAGES[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
