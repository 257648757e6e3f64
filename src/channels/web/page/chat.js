/*
 * Một Cửa web chat — the page at `/`, talking to the JSON API of design.md:
 *   POST /api/sim/messages {chat, id, locale, text|choice|photo|location|start} → {replies, lastSeq}
 *   GET  /api/sim/messages?chat=&after=N → {messages:[{seq, text, choices?, image?}]}
 * No framework and no build step. Bot and user texts are only ever inserted as text nodes.
 *
 * Sequence numbers: every bot message has a per-chat `seq`. The page keeps the seqs it has
 * shown, so a reply that arrives both in a POST response and through polling is shown once.
 * Network calls run one at a time (a queue), so a poll never races a POST.
 */
(function () {
  'use strict';

  var ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
  var CODE_RE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/g;
  var POLL_MS = 3000;
  var POLL_MAX_MS = 30000;
  var POST_TIMEOUT_MS = 30000;
  var PHOTO_TIMEOUT_MS = 120000;
  /** Files above this are refused before reading them: no phone photo is this big. */
  var HUGE_BYTES = 30 * 1024 * 1024;
  /** Photos above this size or edge are shrunk on the phone before upload (slow mobile data). */
  var SHRINK_OVER_BYTES = 1.5 * 1024 * 1024;
  var MAX_EDGE = 2560;
  var KEEP_TRANSCRIPT = 300;
  var K_CHAT = 'motcua.chat';
  var K_LOCALE = 'motcua.locale';
  var K_LOG = 'motcua.sent.'; // + chat id: what the user sent (the server keeps only bot messages)
  var K_RESET = 'motcua.reset.'; // + chat id: the server's resetSeq this device has applied

  var TEXTS = {
    vi: {
      title: 'Một Cửa — trợ lý thủ tục hành chính',
      subtitle: 'trợ lý thủ tục hành chính',
      restart: 'Bắt đầu lại cuộc trò chuyện',
      restartConfirm: 'Bắt đầu một cuộc trò chuyện mới?\nCuộc trò chuyện này sẽ không hiện trên máy này nữa. Hồ sơ đã nộp vẫn được giữ và tra cứu được bằng mã hồ sơ.',
      langButton: 'English',
      langButtonLang: 'en',
      langCommand: 'English',
      logLabel: 'Cuộc trò chuyện',
      camera: 'Chụp ảnh',
      gallery: 'Chọn ảnh',
      location: 'Gửi vị trí',
      locating: 'Đang tìm…',
      placeholder: 'Nhập câu trả lời…',
      inputLabel: 'Tin nhắn của bạn',
      send: 'Gửi',
      choicesLabel: 'Các lựa chọn — bấm để trả lời',
      botSays: 'Trợ lý: ',
      youSay: 'Bạn: ',
      sending: 'Đang gửi…',
      uploading: 'Đang gửi ảnh… {p}%',
      preparing: 'Đang chuẩn bị ảnh…',
      failed: 'Chưa gửi được. Bạn kiểm tra kết nối mạng rồi bấm “Gửi lại”.',
      retry: 'Gửi lại',
      rejected: 'Chưa gửi được',
      photoSent: 'Ảnh đã gửi',
      photoAlt: 'Ảnh bạn gửi',
      botImageAlt: 'Hình ảnh từ trợ lý',
      photoUnreadable: 'Không đọc được tệp ảnh này trên máy. Bạn vui lòng chọn lại ảnh hoặc chụp ảnh mới.',
      photoHuge: 'Tệp này quá lớn ({mb} MB) nên không gửi được. Bạn vui lòng chụp lại bằng camera của điện thoại rồi gửi ảnh mới.',
      myLocation: 'Vị trí của tôi',
      geoDenied: 'Bạn chưa cho phép trang này xem vị trí. Bạn có thể bật quyền vị trí cho trình duyệt rồi bấm “Gửi vị trí” lần nữa, hoặc gõ mô tả địa điểm, ví dụ: trước số 12 Lê Lợi, phường Bến Thành.',
      geoUnavailable: 'Chưa xác định được vị trí của bạn. Bạn hãy bật định vị (GPS) rồi thử lại, hoặc gõ mô tả địa điểm.',
      geoTimeout: 'Lấy vị trí lâu quá chưa được. Bạn thử lại, hoặc gõ mô tả địa điểm, ví dụ: trước số 12 Lê Lợi, phường Bến Thành.',
      geoUnsupported: 'Trình duyệt này không gửi được vị trí. Bạn vui lòng gõ mô tả địa điểm, ví dụ: trước số 12 Lê Lợi, phường Bến Thành.',
      geoInsecure: 'Trang này chưa dùng kết nối bảo mật (https) nên trình duyệt không cho gửi vị trí. Bạn vui lòng gõ mô tả địa điểm, ví dụ: trước số 12 Lê Lợi, phường Bến Thành.',
      offline: 'Chưa kết nối được với máy chủ. Mình sẽ tự thử lại…',
      serverError: 'Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút.',
    },
    en: {
      title: 'Một Cửa — public service assistant',
      subtitle: 'public service assistant',
      restart: 'Start a new conversation',
      restartConfirm: 'Start a new conversation?\nThis conversation will no longer show on this device. Submitted applications are kept and can be looked up by their code.',
      langButton: 'Tiếng Việt',
      langButtonLang: 'vi',
      langCommand: 'Tiếng Việt',
      logLabel: 'Conversation',
      camera: 'Camera',
      gallery: 'Photos',
      location: 'Location',
      locating: 'Locating…',
      placeholder: 'Type your answer…',
      inputLabel: 'Your message',
      send: 'Send',
      choicesLabel: 'Choices — tap one to answer',
      botSays: 'Assistant: ',
      youSay: 'You: ',
      sending: 'Sending…',
      uploading: 'Sending photo… {p}%',
      preparing: 'Preparing photo…',
      failed: 'Not sent. Check your connection, then tap “Send again”.',
      retry: 'Send again',
      rejected: 'Not sent',
      photoSent: 'Photo sent',
      photoAlt: 'Your photo',
      botImageAlt: 'Image from the assistant',
      photoUnreadable: 'This photo could not be read on your device. Please choose it again or take a new one.',
      photoHuge: 'This file is too large ({mb} MB) to send. Please take the photo again with your phone camera and send the new one.',
      myLocation: 'My location',
      geoDenied: 'This page is not allowed to see your location. You can allow location for the browser and tap “Send location” again, or type a description of the place, e.g. in front of 12 Lê Lợi, Bến Thành ward.',
      geoUnavailable: 'Your location could not be found. Turn on location (GPS) and try again, or type a description of the place.',
      geoTimeout: 'Finding your location took too long. Try again, or type a description of the place, e.g. in front of 12 Lê Lợi, Bến Thành ward.',
      geoUnsupported: 'This browser cannot send a location. Please type a description of the place, e.g. in front of 12 Lê Lợi, Bến Thành ward.',
      geoInsecure: 'This page is not on a secure (https) connection, so the browser will not share your location. Please type a description of the place, e.g. in front of 12 Lê Lợi, Bến Thành ward.',
      offline: 'Cannot reach the server. Trying again…',
      serverError: 'Sorry, the system has a problem right now. Please try again in a few minutes.',
    },
  };

  // ── Small helpers ──────────────────────────────────────────────────────────
  function $(id) { return document.getElementById(id); }

  function fmt(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? String(vars[k]) : m; });
  }

  /** 128 random bits as base64url (22 characters): fits the API's [A-Za-z0-9_-]{1,64}. */
  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  var memoryStore = {};
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return key in memoryStore ? memoryStore[key] : null; }
  }
  function save(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
    } catch (e) {
      if (value === null) delete memoryStore[key]; else memoryStore[key] = value;
    }
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  /** Folds case and Vietnamese diacritics: "Tiếng Việt" → "tieng viet". */
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  }

  // ── State ──────────────────────────────────────────────────────────────────
  var els = {};
  var locale = load(K_LOCALE) === 'en' ? 'en' : 'vi';
  var chatId = '';
  /** seq → text of every bot message on screen (dedupe, and detecting a reset log). */
  var seen = new Map();
  /** Poll cursor: every message up to it has been shown. */
  var cursor = 0;
  /** What the user sent, with the seq they had seen then, to rebuild the chat after a reload. */
  var transcript = [];
  var activeGroup = null;
  var pendingSends = 0;
  var queue = Promise.resolve();
  var pollTimer = 0;
  var pollDelay = POLL_MS;
  var ready = false;
  var offlineNote = null;
  /** Whether the list was scrolled to its end: kept there when the keyboard opens or the box grows. */
  var pinned = true;

  function t(key, vars) { return fmt(TEXTS[locale][key], vars); }

  // ── Network ────────────────────────────────────────────────────────────────
  /** Runs network work one call at a time. */
  function enqueue(fn) {
    var run = queue.then(fn, fn);
    queue = run.catch(function () {});
    return run;
  }

  function NetworkError(msg) { this.name = 'NetworkError'; this.message = msg; }

  /** JSON over XHR (for upload progress); resolves {status, data}, rejects NetworkError when no answer came. */
  function request(method, url, body, opts) {
    opts = opts || {};
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url, true);
      xhr.timeout = opts.timeout || POST_TIMEOUT_MS;
      xhr.setRequestHeader('Accept', 'application/json');
      if (body !== undefined) xhr.setRequestHeader('Content-Type', 'application/json');
      if (opts.onProgress && xhr.upload) {
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) opts.onProgress(e.loaded / e.total); };
      }
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        // Status 0 or a proxy's HTML error page: treat like no answer.
        if (xhr.status === 0 || (data === null && xhr.status >= 500)) reject(new NetworkError('no answer'));
        else resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new NetworkError('network error')); };
      xhr.ontimeout = function () { reject(new NetworkError('timeout')); };
      xhr.send(body === undefined ? null : JSON.stringify(body));
    });
  }

  function historyUrl(after) {
    return '/api/sim/messages?chat=' + encodeURIComponent(chatId) + '&after=' + after;
  }

  /** Everything after `after`, following pages until a short one. */
  function fetchAfter(after) {
    var all = [];
    function page(from) {
      return request('GET', historyUrl(from), undefined, { timeout: 15000 }).then(function (res) {
        if (res.status !== 200 || !res.data || !Array.isArray(res.data.messages)) throw new NetworkError('bad history answer');
        var msgs = res.data.messages.filter(function (m) { return m && typeof m.seq === 'number' && typeof m.text === 'string'; });
        all = all.concat(msgs);
        if (res.data.messages.length >= 200 && msgs.length) return page(msgs[msgs.length - 1].seq);
        all.resetSeq = res.data.resetSeq;
        return all;
      });
    }
    return page(after);
  }

  // ── Rendering ──────────────────────────────────────────────────────────────
  function nearBottom() {
    var c = els.chat;
    return c.scrollHeight - c.scrollTop - c.clientHeight < 160;
  }
  function scrollDown() {
    var c = els.chat;
    c.scrollTop = c.scrollHeight;
  }
  /**
   * After the bot answered: the start of its first new message at the top when the answer is
   * taller than the screen (a long consent text or summary is read from its beginning),
   * otherwise the bottom.
   */
  function reveal(first) {
    var c = els.chat;
    if (!first) return;
    c.scrollTop = Math.min(Math.max(0, first.offsetTop - 10), c.scrollHeight - c.clientHeight);
  }

  /** Text as text nodes, with tracking codes (HS-XXXX-XXXX) set off so they are easy to read and copy. */
  function appendText(parent, text) {
    var last = 0;
    var m;
    CODE_RE.lastIndex = 0;
    while ((m = CODE_RE.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var code = document.createElement('span');
      code.className = 'code';
      code.textContent = m[0];
      parent.appendChild(code);
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function speaker(label) {
    var s = document.createElement('span');
    s.className = 'sr-only';
    s.textContent = label;
    return s;
  }

  function safeImageUrl(url) {
    if (typeof url !== 'string') return null;
    if (/^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url)) return url;
    if (/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/.test(url)) return url;
    return null;
  }

  function disableGroup(group, chosenValue) {
    if (!group) return;
    var buttons = group.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      b.disabled = true;
      if (chosenValue !== undefined && b.getAttribute('data-value') === chosenValue) {
        b.classList.add('chosen');
        b.setAttribute('aria-pressed', 'true');
      }
    }
    group.setAttribute('data-answered', 'true');
  }

  /** Disables the open choices (the user answered some other way); returns a function undoing it. */
  function closeActiveChoices(chosenValue) {
    var group = activeGroup;
    if (!group || group.getAttribute('data-answered') === 'true') return function () {};
    disableGroup(group, chosenValue);
    return function restore() {
      if (activeGroup !== group) return;
      var buttons = group.querySelectorAll('button');
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].disabled = false;
        buttons[i].classList.remove('chosen');
        buttons[i].removeAttribute('aria-pressed');
      }
      group.removeAttribute('data-answered');
    };
  }

  /** A bot bubble. opts: {seq, push, error, local}. */
  function renderBot(msg, opts) {
    opts = opts || {};
    var stick = nearBottom();
    var li = document.createElement('li');
    li.className = 'msg bot' + (opts.error ? ' error' : '') + (opts.push ? ' push' : '') + (opts.local ? ' local' : '');
    if (typeof opts.seq === 'number') li.setAttribute('data-seq', String(opts.seq));
    var bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.appendChild(speaker(t('botSays')));
    var img = msg.image && safeImageUrl(msg.image.url);
    if (img) {
      var el = document.createElement('img');
      el.className = 'attached';
      el.src = img;
      el.alt = t('botImageAlt');
      el.loading = 'lazy';
      el.addEventListener('load', function () { if (stick) scrollDown(); });
      bubble.appendChild(el);
    }
    appendText(bubble, msg.text);
    li.appendChild(bubble);
    if (Array.isArray(msg.choices) && msg.choices.length > 0) {
      var group = document.createElement('div');
      group.className = 'choices';
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('choicesLabel'));
      msg.choices.forEach(function (c) {
        if (!c || typeof c.label !== 'string' || typeof c.value !== 'string') return;
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'choice';
        b.textContent = c.label;
        b.setAttribute('data-value', c.value);
        b.addEventListener('click', function () { onChoice(group, c); });
        group.appendChild(b);
      });
      li.appendChild(group);
      if (activeGroup && activeGroup !== group) disableGroup(activeGroup);
      activeGroup = group;
    }
    els.messages.appendChild(li);
    if (!opts.batch && (stick || opts.scroll)) scrollDown();
    return li;
  }

  /** A user bubble with a status line; returns controls for the status. */
  function renderUser(entry, state) {
    var li = document.createElement('li');
    li.className = 'msg user';
    var bubble = document.createElement('div');
    bubble.className = 'bubble';
    bubble.appendChild(speaker(t('youSay')));
    if (entry.kind === 'photo') {
      bubble.classList.add('photo');
      if (entry.thumb) {
        var img = document.createElement('img');
        img.className = 'thumb';
        img.src = entry.thumb;
        img.alt = t('photoAlt');
        img.addEventListener('load', scrollDown);
        bubble.appendChild(img);
      }
      var cap = document.createElement('span');
      cap.className = 'caption';
      cap.textContent = entry.text;
      bubble.appendChild(cap);
    } else {
      appendText(bubble, entry.text);
    }
    li.appendChild(bubble);
    var status = document.createElement('div');
    status.className = 'status';
    li.appendChild(status);
    els.messages.appendChild(li);
    scrollDown();

    var view = {
      li: li,
      say: function (text, failed) {
        status.textContent = text;
        status.className = 'status' + (failed ? ' failed' : '');
        // Progress is not announced; a failure is.
        if (failed) status.setAttribute('role', 'alert'); else status.removeAttribute('role');
      },
      done: function () { status.textContent = ''; status.className = 'status'; },
      fail: function (retry) {
        view.say(t('failed'), true);
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'retry';
        b.textContent = t('retry');
        b.addEventListener('click', function () {
          b.remove();
          view.say(t('sending'));
          retry();
        });
        status.appendChild(document.createElement('br'));
        status.appendChild(b);
        scrollDown();
      },
    };
    if (state === 'sending') view.say(t('sending'));
    return view;
  }

  function note(text) {
    return renderBot({ text: text }, { local: true, error: true, scroll: true });
  }

  function setTyping(on) {
    els.typing.hidden = !on;
    els.messages.setAttribute('aria-busy', on ? 'true' : 'false');
    if (on) scrollDown();
  }

  // ── Bot messages: seq bookkeeping ─────────────────────────────────────────
  function advanceCursor() {
    while (seen.has(cursor + 1)) cursor++;
  }

  /** Shows a logged bot message unless it is already on screen. */
  function acceptLogged(m, opts) {
    if (seen.has(m.seq)) return null;
    seen.set(m.seq, m.text);
    return renderBot(m, { seq: m.seq, push: opts && opts.push, batch: true });
  }

  /**
   * The chat's log was erased ("delete my data") or expired: seqs start again from 1. What
   * the server forgot goes from this screen and this device too.
   */
  function resetLog() {
    seen.clear();
    cursor = 0;
    transcript = [];
    saveTranscript();
    activeGroup = null;
    els.messages.textContent = '';
  }

  /**
   * The server erased this chat's log ("delete my data") after what this device knows: forget
   * what is on screen and stored here too. Later messages keep counting from where seqs were.
   */
  function applyReset(resetSeq) {
    var known = Number(load(K_RESET + chatId) || 0);
    if (typeof resetSeq !== 'number' || !(resetSeq > known)) return;
    resetLog();
    save(K_RESET + chatId, String(resetSeq));
    cursor = resetSeq;
  }

  /** Replies of a POST: their seqs are the `replies.length` numbers ending at `lastSeq`. */
  function acceptReplies(replies, lastSeq) {
    var shown = [];
    if (typeof lastSeq !== 'number') {
      replies.forEach(function (r) { shown.push(renderBot(r, { batch: true })); });
      reveal(shown[0]);
      return;
    }
    var first = lastSeq - replies.length + 1;
    var clash = replies.some(function (r, i) { return seen.has(first + i) && seen.get(first + i) !== r.text; });
    if (clash) resetLog();
    replies.forEach(function (r, i) {
      var li = acceptLogged({ seq: first + i, text: r.text, choices: r.choices, image: r.image });
      if (li) shown.push(li);
    });
    reveal(shown[0]);
    advanceCursor();
    // A push may sit in a gap before these replies: fetch it now.
    if (first - 1 > cursor) schedulePoll(0);
  }

  // ── Transcript of the user's own messages (kept on this device only) ─────
  function transcriptKey() { return K_LOG + chatId; }
  function loadTranscript() {
    try {
      var v = JSON.parse(load(transcriptKey()) || '[]');
      return Array.isArray(v) ? v.filter(function (e) { return e && typeof e.text === 'string' && typeof e.after === 'number'; }) : [];
    } catch (e) {
      return [];
    }
  }
  function saveTranscript() {
    if (!chatId) return;
    if (transcript.length > KEEP_TRANSCRIPT) transcript = transcript.slice(-KEEP_TRANSCRIPT);
    save(transcriptKey(), transcript.length ? JSON.stringify(transcript) : null);
  }
  function remember(entry, after) {
    // Photos are not kept, only the fact that one was sent: they may be ID documents.
    var e = { after: after, kind: entry.kind, text: entry.kind === 'photo' ? t('photoSent') : entry.text.slice(0, 2000) };
    if (entry.value) e.value = entry.value;
    transcript.push(e);
    saveTranscript();
  }

  // ── Sending ────────────────────────────────────────────────────────────────
  /**
   * Sends one message. `body` may be a promise (a photo being prepared). `entry` is what the
   * user bubble shows ({kind, text, thumb?, value?}) or null for the silent start message.
   */
  function send(body, entry, opts) {
    opts = opts || {};
    var id = randomId();
    var view = entry ? renderUser(entry, opts.preparing ? null : 'sending') : null;
    if (view && opts.preparing) view.say(t('preparing'));
    // A language switch is not an answer: the open question's buttons stay usable.
    var restore = entry && !opts.keepChoices ? closeActiveChoices(entry.kind === 'choice' ? entry.value : undefined) : function () {};
    pendingSends++;
    setTyping(true);

    function attempt(finalBody, isRetry) {
      var isPhoto = finalBody.photo !== undefined;
      if (view && isPhoto) view.say(t('uploading', { p: 0 }));
      return request('POST', '/api/sim/messages', finalBody, {
        timeout: isPhoto ? PHOTO_TIMEOUT_MS : POST_TIMEOUT_MS,
        onProgress: view && isPhoto ? function (f) { view.say(t('uploading', { p: Math.min(99, Math.round(f * 100)) })); } : undefined,
      }).then(
        function (res) { return answered(res); },
        function (err) {
          if (!(err instanceof NetworkError)) throw err;
          // One automatic retry with the same id: the server processes a message id once.
          if (!isRetry) return sleep(1200).then(function () { return attempt(finalBody, true); });
          if (view) {
            view.fail(function () {
              pendingSends++;
              setTyping(true);
              enqueue(function () { return attempt(finalBody, true); }).then(finished, finished);
            });
          } else {
            // The silent start message: keep trying (same id) until the server answers.
            if (!offlineNote) offlineNote = note(t('offline'));
            pendingSends++;
            sleep(5000).then(function () {
              return enqueue(function () { return attempt(finalBody, true); });
            }).then(finished, finished);
          }
          restore();
        },
      );

      function answered(res) {
        var data = res.data || {};
        if (res.status === 200 && Array.isArray(data.replies)) {
          if (offlineNote) { offlineNote.remove(); offlineNote = null; }
          if (view) view.done();
          if (entry) remember(entry, cursor);
          var replies = data.replies.filter(function (r) { return r && typeof r.text === 'string'; });
          if (replies.length === 0) {
            // A retried id the server had already handled: its replies are in the log.
            return pollNow();
          }
          applyReset(data.resetSeq);
          acceptReplies(replies, data.lastSeq);
          return;
        }
        var message = data.error && typeof data.error.message === 'string' ? data.error.message : t('serverError');
        if (view) view.say(t('rejected'), true);
        restore();
        renderBot({ text: message }, { error: true, scroll: true });
      }
    }

    function finished() {
      pendingSends = Math.max(0, pendingSends - 1);
      if (pendingSends === 0) setTyping(false);
      if (entry) afterReplies();
    }

    var run = enqueue(function () {
      return Promise.resolve(body).then(function (b) {
        if (b === null) { if (view) view.li.remove(); restore(); return; }
        b.chat = chatId;
        b.id = id;
        b.locale = locale;
        return attempt(b, false);
      });
    });
    run.then(finished, function (e) {
      if (view) view.say(t('rejected'), true);
      restore();
      note(e && e.userMessage ? e.userMessage : t('serverError'));
      finished();
    });
    return run;
  }

  /** Focus after the bot answered: the new choices, or the text box, never a disabled button. */
  function afterReplies() {
    var focused = document.activeElement;
    var lost = !focused || focused === document.body || focused.disabled;
    if (!lost) return;
    var first = activeGroup && activeGroup.getAttribute('data-answered') !== 'true' ? activeGroup.querySelector('button:not(:disabled)') : null;
    if (first) first.focus({ preventScroll: true });
    else if (matchMedia('(pointer: fine)').matches) els.text.focus({ preventScroll: true });
    else els.messages.focus({ preventScroll: true });
  }

  function onChoice(group, choice) {
    if (group.getAttribute('data-answered') === 'true') return;
    send({ choice: choice.value }, { kind: 'choice', text: choice.label, value: choice.value });
  }

  function onSubmit(e) {
    e.preventDefault();
    var text = els.text.value;
    if (text.trim() === '') { els.text.focus(); return; }
    els.text.value = '';
    autosize();
    var f = fold(text);
    if (f === 'english' || f === 'tieng anh') setLocale('en');
    else if (f === 'tieng viet' || f === 'vietnamese') setLocale('vi');
    send({ text: text }, { kind: 'text', text: text.trim() });
    els.text.focus({ preventScroll: true });
  }

  function onKeyDown(e) {
    // Enter sends; Shift+Enter is a new line; never while an input method is composing (Telex, VNI).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) onSubmit(e);
  }

  function autosize() {
    var el = els.text;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight + 4, 9.5 * 18) + 'px';
  }

  // ── Photos ─────────────────────────────────────────────────────────────────
  function readAsBase64(blob) {
    return new Promise(function (resolve, reject) {
      var r = new FileReader();
      r.onload = function () { resolve(String(r.result).replace(/^data:[^,]*,/, '')); };
      r.onerror = function () { reject(r.error); };
      r.readAsDataURL(blob);
    });
  }

  function loadImage(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = url;
    });
  }

  /** Base64 of the photo: big phone photos are shrunk to MAX_EDGE as JPEG (also drops EXIF/GPS). */
  function preparePhoto(file, url) {
    return loadImage(url).then(
      function (img) {
        var w = img.naturalWidth;
        var h = img.naturalHeight;
        var scale = Math.min(1, MAX_EDGE / Math.max(w, h));
        if (file.size <= SHRINK_OVER_BYTES && scale === 1) return readAsBase64(file);
        var canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(w * scale));
        canvas.height = Math.max(1, Math.round(h * scale));
        canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.88); }).then(function (blob) {
          return blob ? readAsBase64(blob) : readAsBase64(file);
        });
      },
      // The browser cannot show it (not an image, or a format it lacks): the server decides.
      function () { return readAsBase64(file); },
    );
  }

  function onPhoto(e) {
    var input = e.target;
    var file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    if (file.size > HUGE_BYTES) {
      note(t('photoHuge', { mb: Math.round(file.size / 1048576) }));
      return;
    }
    var url = URL.createObjectURL(file);
    var body = preparePhoto(file, url).then(
      function (b64) { return { photo: b64 }; },
      function () {
        var err = new Error('photo unreadable');
        err.userMessage = t('photoUnreadable');
        throw err;
      },
    );
    send(body, { kind: 'photo', text: t('photoSent'), thumb: url }, { preparing: true });
  }

  // ── Location ───────────────────────────────────────────────────────────────
  function onLocate() {
    if (!('geolocation' in navigator)) { note(t('geoUnsupported')); return; }
    if (window.isSecureContext === false) { note(t('geoInsecure')); return; }
    var button = els.locate;
    var label = button.querySelector('span');
    button.disabled = true;
    label.textContent = t('locating');
    function reset() { button.disabled = false; label.textContent = t('location'); }
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        reset();
        var lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        var lng = Math.round(pos.coords.longitude * 1e6) / 1e6;
        send({ location: { lat: lat, lng: lng } }, { kind: 'location', text: t('myLocation') + ' (' + lat.toFixed(5) + ', ' + lng.toFixed(5) + ')' });
      },
      function (err) {
        reset();
        note(err.code === 1 ? t('geoDenied') : err.code === 3 ? t('geoTimeout') : t('geoUnavailable'));
        button.focus();
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  }

  // ── Language ───────────────────────────────────────────────────────────────
  function applyTexts() {
    document.documentElement.lang = locale;
    document.title = t('title');
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    nodes = document.querySelectorAll('[data-i18n-aria]');
    for (i = 0; i < nodes.length; i++) nodes[i].setAttribute('aria-label', t(nodes[i].getAttribute('data-i18n-aria')));
    nodes = document.querySelectorAll('[data-i18n-placeholder]');
    for (i = 0; i < nodes.length; i++) nodes[i].setAttribute('placeholder', t(nodes[i].getAttribute('data-i18n-placeholder')));
    els.lang.textContent = t('langButton');
    els.lang.lang = t('langButtonLang');
  }

  function setLocale(next) {
    if (next === locale) return;
    locale = next;
    save(K_LOCALE, locale);
    applyTexts();
  }

  function onLanguage() {
    var command = t('langCommand');
    setLocale(locale === 'vi' ? 'en' : 'vi');
    send({ text: command }, { kind: 'text', text: command }, { keepChoices: true });
  }

  // ── Polling ────────────────────────────────────────────────────────────────
  function schedulePoll(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay);
  }

  function pollNow() {
    return fetchAfter(cursor).then(function (msgs) {
      applyReset(msgs.resetSeq);
      var stick = nearBottom();
      var shown = [];
      msgs.forEach(function (m) {
        var li = acceptLogged(m, { push: true });
        if (li) shown.push(li);
        cursor = Math.max(cursor, m.seq);
      });
      // Someone reading older messages is not pulled down by a push.
      if (shown.length && stick) reveal(shown[0]);
      if (offlineNote) { offlineNote.remove(); offlineNote = null; }
      pollDelay = POLL_MS;
    });
  }

  function poll() {
    if (!ready || document.hidden) { schedulePoll(POLL_MS); return; }
    if (pendingSends > 0) { schedulePoll(POLL_MS); return; }
    enqueue(pollNow).then(
      function () { schedulePoll(pollDelay); },
      function () {
        pollDelay = Math.min(POLL_MAX_MS, pollDelay * 2);
        schedulePoll(pollDelay);
      },
    );
  }

  // ── Start-up ───────────────────────────────────────────────────────────────
  function startPayload() {
    var p = new URLSearchParams(location.search).get('start');
    return p && ID_RE.test(p) ? p : true;
  }

  function begin() {
    return enqueue(function () { return fetchAfter(0); }).then(
      function (history) {
        if (offlineNote) { offlineNote.remove(); offlineNote = null; }
        applyReset(history.resetSeq);
        if (history.length === 0) {
          transcript = [];
          saveTranscript();
          ready = true;
          send({ start: startPayload() }, null);
        } else {
          var ti = 0;
          history.forEach(function (m) {
            while (ti < transcript.length && transcript[ti].after < m.seq) showRemembered(transcript[ti++]);
            acceptLogged(m);
            cursor = Math.max(cursor, m.seq);
          });
          while (ti < transcript.length) showRemembered(transcript[ti++]);
          ready = true;
          scrollDown();
        }
        schedulePoll(POLL_MS);
      },
      function () {
        if (!offlineNote) offlineNote = note(t('offline'));
        return sleep(pollDelay).then(function () {
          pollDelay = Math.min(POLL_MAX_MS, pollDelay * 2);
          return begin();
        });
      },
    );
  }

  function showRemembered(entry) {
    renderUser({ kind: entry.kind, text: entry.text });
    closeActiveChoices(entry.kind === 'choice' ? entry.value : undefined);
  }

  function newChat() {
    chatId = randomId();
    save(K_CHAT, chatId);
  }

  function onRestart(e) {
    e.preventDefault();
    if (!window.confirm(t('restartConfirm'))) return;
    save(transcriptKey(), null);
    newChat();
    seen.clear();
    cursor = 0;
    transcript = [];
    activeGroup = null;
    els.messages.textContent = '';
    ready = true;
    send({ start: true }, null);
  }

  function init() {
    ['app', 'chat', 'messages', 'typing', 'form', 'text', 'send', 'camera', 'gallery', 'locate', 'lang', 'restart'].forEach(function (id) { els[id] = $(id); });
    els.cameraInput = $('photo-camera');
    els.pickInput = $('photo-pick');
    els.messages.tabIndex = -1;
    applyTexts();

    var stored = load(K_CHAT);
    if (stored && ID_RE.test(stored)) chatId = stored; else newChat();
    transcript = loadTranscript();

    els.form.addEventListener('submit', onSubmit);
    els.text.addEventListener('keydown', onKeyDown);
    els.text.addEventListener('input', autosize);
    els.camera.addEventListener('click', function () { els.cameraInput.click(); });
    els.gallery.addEventListener('click', function () { els.pickInput.click(); });
    els.cameraInput.addEventListener('change', onPhoto);
    els.pickInput.addEventListener('change', onPhoto);
    els.locate.addEventListener('click', onLocate);
    els.lang.addEventListener('click', onLanguage);
    els.restart.addEventListener('click', onRestart);
    document.addEventListener('visibilitychange', function () { if (!document.hidden) schedulePoll(0); });
    // A scroll that comes with a size change (keyboard, rotation) is layout, not the reader.
    var size = '';
    function sizeNow() { return els.chat.clientWidth + 'x' + els.chat.clientHeight; }
    els.chat.addEventListener('scroll', function () { if (sizeNow() === size) pinned = nearBottom(); }, { passive: true });
    function resized() {
      size = sizeNow();
      if (pinned) scrollDown();
    }
    size = sizeNow();
    if (window.ResizeObserver) new ResizeObserver(resized).observe(els.chat);
    else window.addEventListener('resize', resized);

    begin();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
