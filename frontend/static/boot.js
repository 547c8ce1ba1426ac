// Starts the Voix single-page application.
//
// index.html loads this file as an external ES module because the Content Security Policy
// forbids inline scripts. `init()` instantiates /pkg/voix_bg.wasm and runs the Rust function
// marked #[wasm_bindgen(start)], which mounts the application into <body>.
import init from '/pkg/voix.js';

const boot = document.getElementById('boot');

try {
  await init();
  boot?.remove();
} catch (error) {
  console.error('Voix could not start:', error);
  if (boot) {
    boot.setAttribute('role', 'alert');
    boot.textContent = '';
    const fr = document.createElement('p');
    fr.textContent = 'Le site n’a pas pu démarrer. Rechargez la page ; si le problème continue, réessayez plus tard.';
    const en = document.createElement('p');
    en.lang = 'en';
    en.textContent = 'The site could not start. Reload the page; if the problem persists, try again later.';
    boot.append(fr, en);
  }
}
