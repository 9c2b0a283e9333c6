// Makes the sample edition's demonstration facsimile (content/facsimiles/): two typed pages
// of the editors' Russian back-translation, as JPEG, and the two as a PDF "scan". Run from
// anywhere with playwright-core installed in tests/browser and Chromium at /usr/bin/chromium.
const { chromium } = require('playwright-core');
const OUT = require('path').join(__dirname, '../../content/facsimiles/');
const pages = [
`<p class="r">СОВ. СЕКРЕТНО<br>Экз. № 1</p>
<p class="c">ИЗ ДНЕВНИКА<br>С.В. ЧЕРВОНЕНКО<br>12 октября 1961 г.</p>
<p class="c">ЗАПИСЬ БЕСЕДЫ<br>с Генеральным секретарём ЦК КПК<br>ДЭН СЯОПИНОМ</p>
<p class="c">30 сентября 1961 года</p>
<p>В связи с указаниями Центра от 27 сентября я обратился с просьбой о встрече с Мао Цзэдуном. 30 сентября Секретариат ЦК КПК сообщил нам, что Мао Цзэдун поручил Дэн Сяопину принять советского посла. В тот же день я встретился с Дэн Сяопином.</p>
<p>В начале беседы Дэн Сяопин, объясняя, почему Мао Цзэдун нас не принял, сказал, что «другие товарищи из ЦК очень заняты приёмом королей» (в то время в Пекине находились король и королева Непала и королева Бельгии).</p>`,
`<p>Я устно проинформировал об албанском вопросе (по нашему мнению, они уже были осведомлены об этом деле). Выслушав наше сообщение, Дэн Сяопин сказал: «Плохая новость. Неужели вы дошли до кульминационной точки во взаимоотношениях между вашими двумя странами и двумя партиями?»</p>
<p>[…]</p>`];
const css = `body{margin:0;background:#f3eddc;font-family:"DejaVu Sans Mono","Liberation Mono",monospace;color:#222;}
.page{width:1000px;height:1414px;box-sizing:border-box;padding:110px 100px;position:relative;page-break-after:always;background:#f3eddc;}
p{font-size:25px;line-height:1.6;margin:0 0 26px;text-indent:2em;text-align:justify}
p.c,p.r{text-indent:0}.c{text-align:center}.r{text-align:right}
.folio{position:absolute;top:50px;right:100px;font-size:22px}
.demo{position:absolute;bottom:40px;left:100px;right:100px;font:16px sans-serif;color:#8a7f66;text-align:center;text-indent:0}`;
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1414 } });
  const all = [];
  for (let i = 0; i < pages.length; i++) {
    const html = `<div class="page"><span class="folio">${175 + i}</span>${pages[i]}<p class="demo">Folio sample edition: a page set by the editors to show the facsimile viewer, not a scan of the archival original.</p></div>`;
    all.push(html);
    await page.setContent(`<style>${css}</style>${html}`);
    await page.screenshot({ path: `${OUT}1961-09-30-chervonenko-l${175 + i}.jpg`, type: 'jpeg', quality: 80 });
  }
  await page.setContent(`<style>${css}@page{size:1000px 1414px;margin:0}</style>${all.join('')}`);
  await page.pdf({ path: `${OUT}1961-09-30-chervonenko-scan.pdf`, width: '1000px', height: '1414px', printBackground: true });
  await browser.close();
})();
