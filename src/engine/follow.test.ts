import { describe, expect, it } from 'vitest';
import { matchFollowCommand } from './follow.ts';

describe('matchFollowCommand', () => {
  it.each([
    ['Theo dõi HS-7K2M-9QXD 482913', { kind: 'follow', code: 'HS-7K2M-9QXD', pin: '482913' }],
    ['  ...theo doi hs 7k2m 9qxd ma 482913', { kind: 'follow', code: 'HS-7K2M-9QXD', pin: '482913' }],
    ['😊 Chia sẻ hồ sơ', { kind: 'share' }],
    ['MÃ THEO DÕI', { kind: 'share' }],
    ['Đanh sách người theo dõi', { kind: 'followers' }],
    ['danh sách người theo dõi HS-7K2M-9QXD', { kind: 'followers', code: 'HS-7K2M-9QXD' }],
    ['Người theo dõi', { kind: 'followers' }],
    ['ngừng theo dõi HS-7K2M-9QXD', { kind: 'unfollow', code: 'HS-7K2M-9QXD' }],
    ['Unfollow HS-7K2M-9QXD', { kind: 'unfollow', code: 'HS-7K2M-9QXD' }],
    ['Followers', { kind: 'followers' }],
    ['Nguyễn Minh Khôi', null],
    ['1', null],
    ['', null],
  ])('%s', (text, expected) => {
    expect(matchFollowCommand(text)).toEqual(expected);
  });
});
