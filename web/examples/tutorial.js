/* The tutorial's language switch: shows the English or the Chinese text and switches every
 * figure with it (VitPlay figures have setLang, like the full app's window.vitplay).
 * The language comes from ?lang=zh|en, else from the browser. */
(function () {
  'use strict';
  var asked = new URLSearchParams(location.search).get('lang');
  var lang = asked === 'zh' || asked === 'en' ? asked : (/^zh/i.test(navigator.language || '') ? 'zh' : 'en');
  var button = document.getElementById('lang-toggle');

  function apply() {
    document.documentElement.setAttribute('data-lang', lang);
    document.documentElement.lang = lang === 'zh' ? 'zh' : 'en';
    button.textContent = lang === 'zh' ? 'English' : '中文';
    Array.prototype.forEach.call(document.querySelectorAll('[data-vitplay-scene]'), function (el) {
      el.setAttribute('data-vitplay-lang', lang);  // figures not started yet start in it
      if (el.__vitplay) el.__vitplay.setLang(lang).catch(function () {});  // running ones switch (or wait for ready)
    });
  }
  button.addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    apply();
  });
  apply();
})();
