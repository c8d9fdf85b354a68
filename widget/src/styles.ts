/** All widget CSS. Lives only inside the shadow root; px units only (the host page may change rem). */
export const css = `
:host{all:initial}
.sb{--a:#4f46e5;--ad:color-mix(in srgb,var(--a) 72%,#000);--on:#fff;--fg:#111827;--mu:#6b7280;--ln:#e5e7eb;--soft:#f1f3f6;--bg:#fff;
font:400 14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
color:var(--fg);-webkit-font-smoothing:antialiased;text-align:left;direction:ltr;letter-spacing:normal}
*,*::before,*::after{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;letter-spacing:inherit}
[hidden]{display:none!important}
button{cursor:pointer;background:none;border:0;display:inline-flex;align-items:center;justify-content:center}
button:disabled{cursor:default}
:focus{outline:none}
:focus-visible{outline:2px solid var(--ad);outline-offset:2px}
.ic{display:inline-flex;line-height:0}
.launcher{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;background:var(--a);color:var(--on);
box-shadow:0 6px 20px rgba(0,0,0,.22),0 2px 6px rgba(0,0,0,.12);transition:transform .18s ease,box-shadow .18s ease}
.launcher:hover{transform:scale(1.06)}
.launcher:focus-visible{outline:3px solid var(--ad);outline-offset:3px;box-shadow:0 0 0 3px #fff,0 6px 20px rgba(0,0,0,.22)}
.launcher .ic{position:absolute;transition:transform .2s ease,opacity .2s ease}
.launcher .i2,.is-open .launcher .i1{opacity:0;transform:rotate(-45deg) scale(.6)}
.is-open .launcher .i2{opacity:1;transform:none}
.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#ef4444;color:#fff;
font-size:12px;font-weight:700;line-height:18px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:92px;width:380px;height:min(680px,calc(100vh - 112px));display:flex;flex-direction:column;
background:var(--bg);border-radius:16px;overflow:hidden;box-shadow:0 12px 48px rgba(0,0,0,.22),0 0 0 1px rgba(0,0,0,.06);
transform-origin:bottom right;animation:sb-in .2s ease}
@keyframes sb-in{from{opacity:0;transform:translateY(12px) scale(.98)}}
.head{display:flex;align-items:center;gap:12px;padding:16px 12px 16px 18px;background:var(--a);color:var(--on);flex:none}
.head .av{width:40px;height:40px;font-size:15px;background:rgba(255,255,255,.2);color:var(--on)}
.ht{flex:1;min-width:0}
.title{font-size:16px;font-weight:650;line-height:1.25;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{display:flex;align-items:center;gap:6px;font-size:13px;line-height:1.3;opacity:.88}
.dot{width:8px;height:8px;border-radius:50%;background:#22c55e;box-shadow:0 0 0 2px rgba(255,255,255,.5)}
.hb{width:34px;height:34px;border-radius:10px;flex:none;opacity:.9}
.hb:hover{background:rgba(255,255,255,.16);opacity:1}
.hb:focus-visible{outline-color:var(--on);outline-offset:0}
.list{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px 14px 8px;display:flex;flex-direction:column;background:var(--bg)}
.day{align-self:center;font-size:12px;font-weight:500;color:var(--mu);margin:14px 0 4px}
.row{display:flex;gap:8px;align-items:flex-end;margin-top:3px}
.row.first{margin-top:12px}
.me{justify-content:flex-end}
.av{width:28px;height:28px;border-radius:50%;flex:none;display:flex;align-items:center;justify-content:center;overflow:hidden;
background:color-mix(in srgb,var(--a) 16%,#fff);color:var(--ad);font-size:11px;font-weight:700}
.av img{width:100%;height:100%;object-fit:cover}
.av.blank{visibility:hidden}
.col{display:flex;flex-direction:column;max-width:78%;min-width:0}
.me .col{align-items:flex-end}
.name{font-size:12px;color:var(--mu);margin:0 0 3px 4px}
.name b{font-weight:600;font-size:10px;margin-left:6px;padding:1px 5px;border-radius:5px;background:var(--soft)}
.bubble{padding:9px 13px;border-radius:18px;background:var(--soft);white-space:pre-wrap;overflow-wrap:anywhere}
.them .last .bubble,.them.last .bubble{border-bottom-left-radius:6px}
.me.last .bubble{border-bottom-right-radius:6px}
.me .bubble{background:var(--a);color:var(--on)}
.bubble a{text-decoration:underline}
.bubble strong{font-weight:600}.bubble em{font-style:italic}.bubble s{text-decoration:line-through}.bubble p,.bubble ul,.bubble ol,.bubble pre{margin:0 0 6px}.bubble>:last-child{margin-bottom:0}.bubble ul,.bubble ol{padding-left:20px}.bubble code,.bubble pre{font:12.5px ui-monospace,monospace;background:rgba(127,127,127,.15);border-radius:4px;padding:0 3px}.bubble pre{padding:4px 6px;white-space:pre-wrap}
.pending .bubble{opacity:.65}
.failed .bubble{background:#fee2e2;color:#991b1b}
.meta{font-size:11px;color:var(--mu);margin:4px 6px 0}
.seen{color:var(--ad);font-weight:600}
.csat{margin:8px 24px;padding:10px 12px;border:1px solid var(--ln);border-radius:12px;font-size:13px;text-align:center}
.csat p{margin:0 0 6px}.csat .stars{display:flex;justify-content:center;gap:4px}
.csat .stars button{border:0;background:none;font-size:22px;line-height:1;cursor:pointer;color:var(--ln);padding:2px}
.csat .stars button.on,.csat .stars button:not([disabled]):hover{color:#f59e0b}
.csat .comment{display:flex;gap:6px;margin-top:8px}.csat .comment input{flex:1;min-width:0;border:1px solid var(--ln);border-radius:8px;padding:5px 8px;font:inherit}
.csat .comment button{border:1px solid var(--ln);background:var(--bg);border-radius:8px;padding:4px 10px;cursor:pointer}
.csat .thanks{margin:6px 0 0;color:var(--mu)}
.ask{display:flex;align-items:center;gap:4px;margin:6px 0 0 42px;font-size:12px;color:var(--mu)}
.ask button{display:flex;border:1px solid var(--ln);background:var(--bg);color:var(--mu);border-radius:999px;padding:3px 9px;cursor:pointer}
.ask button:hover{background:var(--soft);color:var(--ad)}.ask .dn svg{transform:rotate(180deg)}
.sys{align-self:center;max-width:86%;margin:12px 0 4px;font-size:12px;color:var(--mu);text-align:center}
.atts{display:flex;flex-direction:column;gap:4px;margin-top:4px}
.me .atts{align-items:flex-end}
.bubble+.atts,.atts:first-child{margin-top:0}
.bubble+.atts{margin-top:4px}
.thumb{display:block;border-radius:14px;overflow:hidden;border:1px solid var(--ln);background:var(--soft)}
.thumb img{display:block;max-width:220px;max-height:220px;min-width:48px;min-height:48px;object-fit:cover}
.file{display:flex;align-items:center;gap:8px;max-width:240px;padding:9px 12px;border:1px solid var(--ln);border-radius:14px;
background:var(--bg);font-size:13px;text-decoration:none}
.file span:nth-child(2){overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.file small{color:var(--mu);font-size:11px;white-space:nowrap}
.typing{display:flex;align-items:center;gap:8px;margin-top:10px;font-size:12px;color:var(--mu)}
.dots{display:inline-flex;gap:3px;padding:11px 13px;border-radius:18px;background:var(--soft)}
.dots i{width:6px;height:6px;border-radius:50%;background:var(--mu);animation:sb-b 1.2s infinite}
.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}
@keyframes sb-b{0%,60%,100%{opacity:.35;transform:none}30%{opacity:1;transform:translateY(-3px)}}
.card{margin:14px 0 4px;padding:14px;border:1px solid var(--ln);border-radius:14px;background:var(--bg);box-shadow:0 1px 3px rgba(0,0,0,.06)}
.card p{font-weight:600;margin-bottom:2px}
.card .hint{font-weight:400;color:var(--mu);font-size:13px;margin-bottom:10px}
.card label{display:block;font-size:12px;color:var(--mu);margin:8px 0 3px}
.card input{display:block;width:100%;padding:8px 10px;border:1px solid #d1d5db;border-radius:8px;background:var(--bg);color:var(--fg)}
.card input:focus-visible{outline-offset:0;border-color:var(--ad)}
.acts{display:flex;gap:8px;align-items:center;margin-top:12px}
.btn{padding:8px 14px;border-radius:8px;background:var(--a);color:var(--on);font-weight:600;font-size:13px}
.link{padding:8px 10px;border-radius:8px;color:var(--mu);font-size:13px}
.link:hover{color:var(--fg)}
.away{padding:8px 14px;font-size:12.5px;line-height:1.4;background:#f4f4f5;color:#3f3f46;flex:none}
.away-f{display:flex;gap:6px;margin-top:6px}.away-f input{flex:1;min-width:0;font:inherit;padding:5px 8px;border:1px solid #d4d4d8;border-radius:8px}
.notice{padding:7px 14px;font-size:12px;background:#fef2f2;color:#b91c1c;flex:none}
.comp{display:flex;align-items:flex-end;gap:4px;padding:10px 10px 10px 16px;border-top:1px solid var(--ln);flex:none;background:var(--bg)}
.comp textarea{flex:1;resize:none;border:0;background:none;min-height:36px;max-height:120px;padding:8px 0;line-height:20px;color:var(--fg)}
.comp textarea::placeholder{color:#9ca3af;opacity:1}
.comp textarea:focus-visible{outline:none}
.comp:focus-within{box-shadow:inset 0 2px 0 -1px var(--ad)}
.cb{width:36px;height:36px;border-radius:50%;color:var(--mu);flex:none}
.cb:hover{background:var(--soft);color:var(--fg)}
.send{background:var(--a);color:var(--on)}
.send:hover{background:var(--a);color:var(--on);filter:brightness(1.08)}
.send:disabled{opacity:.35;filter:none}
.foot{padding:0 0 8px;text-align:center;font-size:11px;color:#9ca3af;background:var(--bg);flex:none}
@media (max-width:479.98px){
.panel{inset:0;width:100%;height:100%;border-radius:0;animation:none}
.is-open .launcher{display:none}
.comp textarea,.card input{font-size:16px}
}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
