/**
 * The widget's stylesheet (inside its shadow root). Theme it from the host page with CSS custom
 * properties on the `wegov-chat` element (they inherit into the shadow root), e.g.
 * `wegov-chat { --wegov-accent: #005a30; }`; `data-accent` / `data-accent-text` on the script
 * tag set the first two. Keep text contrast at 4.5:1 and control borders at 3:1.
 *
 * | property               | default   | used for                                        |
 * | ---------------------- | --------- | ----------------------------------------------- |
 * | --wegov-accent         | #1d4f91   | launcher, header, your messages, primary button |
 * | --wegov-accent-text    | #ffffff   | text on the accent colour                       |
 * | --wegov-accent-tint    | #e8f0fa   | hover background of answer buttons              |
 * | --wegov-bg             | #ffffff   | panel background                                |
 * | --wegov-log-bg         | #f5f7fa   | conversation background                         |
 * | --wegov-text           | #1b1f24   | text                                            |
 * | --wegov-muted          | #545d69   | labels, hints, status                           |
 * | --wegov-bot-bg         | #ffffff   | WeGov's messages                                |
 * | --wegov-border         | #6b7684   | text box and control borders                    |
 * | --wegov-focus          | #1b1f24   | focus ring (with a white inner ring)            |
 * | --wegov-error          | #b3261e   | error text and border                           |
 * | --wegov-error-bg       | #fdecea   | error background                                |
 * | --wegov-radius         | 16px      | panel corners                                   |
 * | --wegov-font           | system-ui | font stack                                      |
 * | --wegov-z-index        | 2147483000| stacking above the page                         |
 * | --wegov-reserve        | 96px/88px | room kept at the end of the page for the launcher |
 *
 * The `wegov-chat` element itself is a block at the end of the page, as tall as the launcher and
 * its margins, so the page's last lines can always be scrolled clear of the launcher; the page
 * may colour it (`wegov-chat { background: ... }`, e.g. to continue its footer) or set
 * `--wegov-reserve: 0px`. The launcher is a 56 px round button, so it covers as little of the
 * page as it can (on a 1280 px page with a 1120 px column it sits in the margin); its label is
 * its accessible name, and shows beside the icon on hover and keyboard focus.
 */
export const STYLES = `
:host{all:initial;display:block;height:var(--wegov-reserve,96px);--wegov-accent:#1d4f91;--wegov-accent-text:#fff;--wegov-accent-tint:#e8f0fa;--wegov-bg:#fff;--wegov-log-bg:#f5f7fa;--wegov-text:#1b1f24;--wegov-muted:#545d69;--wegov-bot-bg:#fff;--wegov-border:#6b7684;--wegov-focus:#1b1f24;--wegov-error:#b3261e;--wegov-error-bg:#fdecea;--wegov-radius:16px;--wegov-font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",Tahoma,Arial,sans-serif;--wegov-z-index:2147483000}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.wrap{font-family:var(--wegov-font);font-size:15px;line-height:1.45;color:var(--wegov-text);-webkit-text-size-adjust:100%}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.icon{width:22px;height:22px;fill:currentColor;flex:none}
button{font:inherit;color:inherit;cursor:pointer;-webkit-tap-highlight-color:transparent}
button[aria-disabled=true]{cursor:progress}
:focus-visible{outline:3px solid var(--wegov-focus);outline-offset:2px;box-shadow:0 0 0 2px #fff}
.launcher{position:fixed;z-index:var(--wegov-z-index);bottom:20px;display:inline-flex;align-items:center;justify-content:center;min-width:56px;min-height:56px;padding:0 17px;border:0;border-radius:28px;background:var(--wegov-accent);color:var(--wegov-accent-text);font-weight:600;font-size:16px;box-shadow:0 6px 20px rgba(16,24,40,.25),0 1px 3px rgba(16,24,40,.2)}
.launcher:hover{filter:brightness(1.12)}
.launcher-label{max-width:0;overflow:hidden;white-space:nowrap;opacity:0}
.launcher:hover .launcher-label,.launcher:focus-visible .launcher-label{max-width:20em;margin-inline-start:10px;opacity:1}
.badge{position:absolute;top:-3px;inset-inline-end:-3px;width:16px;height:16px;border-radius:50%;background:#c62828;border:2px solid #fff;overflow:hidden;color:transparent;font-size:1px}
.pos-end .launcher,.pos-end .panel{inset-inline-end:20px}
.pos-left .launcher,.pos-left .panel{left:20px}
.pos-right .launcher,.pos-right .panel{right:20px}
.panel{position:fixed;z-index:var(--wegov-z-index);bottom:20px;display:flex;flex-direction:column;width:400px;max-width:calc(100vw - 40px);height:680px;max-height:calc(100vh - 40px);background:var(--wegov-bg);border-radius:var(--wegov-radius);box-shadow:0 16px 48px rgba(16,24,40,.24),0 2px 8px rgba(16,24,40,.12);overflow:hidden}
@media (max-width:480px),(max-height:520px){.panel,.pos-end .panel,.pos-left .panel,.pos-right .panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}.launcher{bottom:16px}.pos-end .launcher{inset-inline-end:16px}}
@media (max-width:480px){:host{height:var(--wegov-reserve,88px)}}
@media (prefers-reduced-motion:no-preference){.panel{animation:wegov-in .2s ease-out}.log{scroll-behavior:smooth}}
@keyframes wegov-in{from{opacity:0;transform:translateY(16px)}}
.header{display:flex;align-items:center;gap:12px;padding:14px 12px 14px 16px;background:var(--wegov-accent);color:var(--wegov-accent-text);flex:none}
.avatar{display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:rgba(255,255,255,.16);flex:none}
.heading{flex:1;min-width:0}
.title{margin:0;font-size:17px;font-weight:700;line-height:1.25}
.subtitle{margin:2px 0 0;font-size:13.5px;line-height:1.3}
.close{display:grid;place-items:center;width:44px;height:44px;border:0;border-radius:50%;background:transparent;color:inherit;flex:none}
.close:hover{background:rgba(255,255,255,.16)}
.log{flex:1;min-height:0;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:var(--wegov-log-bg)}
.log:focus-visible{outline-offset:-3px}
.msg{display:flex;max-width:86%}
.msg.bot{align-self:flex-start}
.msg.user{align-self:flex-end}
.bubble{margin:0;padding:10px 14px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;text-align:start}
.bot .bubble{background:var(--wegov-bot-bg);color:var(--wegov-text);border:1px solid #d5dce4;border-start-start-radius:4px}
.user .bubble{background:var(--wegov-accent);color:var(--wegov-accent-text);border-start-end-radius:4px}
.bot .bubble a{color:var(--wegov-link,#0b57d0);text-decoration:underline;overflow-wrap:anywhere}
.bot .bubble a:focus-visible{outline:2px solid var(--wegov-accent);outline-offset:2px}
.status{flex:none;padding:0 16px;font-size:13.5px;color:var(--wegov-muted);background:var(--wegov-log-bg)}
.status:not(:empty){padding:4px 16px 8px}
.alert{flex:none}
.alert:not(:empty){display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;margin:8px 12px 0;padding:10px 12px;border:1.5px solid var(--wegov-error);border-radius:12px;background:var(--wegov-error-bg);color:var(--wegov-error);font-size:14px}
.alert p{margin:0;flex:1 1 180px;color:#5f1410}
.controls{flex:none;max-height:42%;overflow-y:auto;padding:12px 16px 4px;border-top:1px solid #e3e8ee}
.choices{display:flex;flex-wrap:wrap;gap:8px}
.choices+.choices{margin-top:8px}
.scale{gap:4px}
.scale .choice{flex:1 0 28px;min-width:28px;justify-content:center;padding:8px 4px}
.choice,.action{display:inline-flex;align-items:center;gap:8px;min-height:40px;min-width:44px;padding:8px 16px;border:1.5px solid var(--wegov-accent);border-radius:20px;background:var(--wegov-bg);color:var(--wegov-accent);font-weight:600;font-size:14.5px;line-height:1.25;text-align:start}
.choice:hover,.action:hover{background:var(--wegov-accent-tint)}
.choice.primary{background:var(--wegov-accent);color:var(--wegov-accent-text)}
.choice.primary:hover{filter:brightness(1.12)}
.radio::before{content:"";width:18px;height:18px;flex:none;border:2px solid currentColor;border-radius:50%}
.radio[aria-checked=true]{background:var(--wegov-accent-tint)}
.radio[aria-checked=true]::before{border-width:6px}
[data-action=confirm][aria-disabled=true]{background:var(--wegov-bg);color:var(--wegov-accent);cursor:not-allowed}
.action .icon{width:20px;height:20px}
.hint{margin:8px 0 0;font-size:13px;color:var(--wegov-muted)}
.composer{flex:none;padding:10px 12px 12px;border-top:1px solid #e3e8ee;background:var(--wegov-bg)}
.controls:not([hidden])+.composer{border-top:0}
.input-label{display:block;margin:0 4px 6px;font-size:12.5px;line-height:1.35;color:var(--wegov-muted)}
.input-row{display:flex;align-items:flex-end;gap:8px}
textarea{flex:1;min-width:0;min-height:44px;max-height:128px;margin:0;padding:10px 14px;border:1.5px solid var(--wegov-border);border-radius:22px;background:var(--wegov-bg);color:var(--wegov-text);font:inherit;line-height:1.4;resize:none;overflow-y:auto}
textarea::placeholder{color:#646d79;opacity:1}
textarea:focus-visible{border-color:var(--wegov-accent)}
.send{display:grid;place-items:center;width:44px;height:44px;border:0;border-radius:50%;background:var(--wegov-accent);color:var(--wegov-accent-text);flex:none}
.send:hover{filter:brightness(1.12)}
[dir=rtl] .send .icon{transform:scaleX(-1)}
@media (forced-colors:active){.launcher,.choice,.action,.send,.bubble,.panel{border:1px solid CanvasText}}
`;
