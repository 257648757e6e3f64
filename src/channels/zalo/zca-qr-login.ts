/**
 * @module The QR login of zca-js as a plain function (for `zalo login` and the console's Zalo
 * page): it reports each new QR image (PNG bytes) and the scan, renews an expired QR a few
 * times, and returns the session to store. zca-js's own QR file, update check and console
 * logging are all off.
 */
import { zca, type LoginQRCallbackEvent } from './zca.ts';
import { QrLoginDeclined, type QrLogin } from './qr-login.ts';
import { toStoredCookies } from './stored-cookies.ts';

/** Zalo's QR lives ~100 s; renewing a few times gives an operator several minutes. */
const MAX_RENEWALS = 4;
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export const zcaQrLogin: QrLogin = async (events) => {
  const zalo = new zca.Zalo({ checkUpdate: false, logging: false, selfListen: false });
  let renewals = 0;
  let declined = false;
  let fromCallback: { imei: string; userAgent: string } | undefined;
  let pending: Promise<void> = Promise.resolve();

  const callback = (event: LoginQRCallbackEvent): void => {
    switch (event.type) {
      case zca.LoginQRCallbackEventType.QRCodeGenerated:
        // zca-js hands the PNG as base64 and does not await us: chain so PNGs are written in order.
        pending = pending.then(() => events.onQr(new Uint8Array(Buffer.from(event.data.image, 'base64'))));
        return;
      case zca.LoginQRCallbackEventType.QRCodeScanned:
        events.onScanned?.();
        return;
      case zca.LoginQRCallbackEventType.QRCodeExpired:
        events.onExpired?.();
        // With a callback zca-js waits for us to choose: renew, or give up after a while.
        if (renewals++ < MAX_RENEWALS) event.actions.retry();
        else event.actions.abort();
        return;
      case zca.LoginQRCallbackEventType.QRCodeDeclined:
        declined = true;
        // Without abort() the login promise would never settle.
        event.actions.abort();
        return;
      case zca.LoginQRCallbackEventType.GotLoginInfo:
        fromCallback = { imei: event.data.imei, userAgent: event.data.userAgent };
        return;
    }
  };

  let api;
  try {
    api = await zalo.loginQR({ userAgent: USER_AGENT, language: 'vi' }, callback);
  } catch (e) {
    if (declined) throw new QrLoginDeclined();
    throw e;
  } finally {
    await pending.catch(() => {});
  }
  const ctx = api.getContext();
  // The jar after the cookie login holds everything Zalo set, also past the QR step.
  const cookies = toStoredCookies(api.getCookie().toJSON()?.cookies ?? []);
  return {
    imei: fromCallback?.imei ?? ctx.imei,
    userAgent: fromCallback?.userAgent ?? ctx.userAgent,
    language: ctx.language || 'vi',
    cookie: cookies,
  };
};
