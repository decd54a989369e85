// The projector page: watches one play session by its join code (read-only; no token).

import { $, t, loadWords, applyWords, wireLanguage, wireProblem, showProblem, PlaySocket, showConnection } from './common.js';
import { Projector } from './projector.js';

async function main() {
  await loadWords();
  const code = (new URL(location.href).searchParams.get('code') || '').toUpperCase();
  wireProblem();
  applyWords();
  const projector = new Projector($('projector'));
  window.cogovProjector = projector;
  wireLanguage(() => { showConnection(socket.up); projector.relabel(); });
  const socket = new PlaySocket('play/ws', {
    hello: () => ({ type: 'watch', code }),
    receive: m => (m.type === 'error' ? showProblem(m.message, m.field) : projector.receive(m)),
    status: showConnection,
  });
  if (!code) showProblem(t('web_play_no_code'), 'code');
  else socket.open();
  document.body.dataset.ready = 'true';
}

main().catch(e => showProblem(String(e)));
