// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/static/nhsuk/nhsuk/nhsuk-frontend.min.js'
initAll()

// Details that fold away on a phone but belong open beside the page from tablet width (the
// catalogue's filters): open them on wider screens. Without JavaScript they stay folded, one tap away.
if (window.matchMedia('(min-width: 40.0625em)').matches) {
  for (const details of document.querySelectorAll('details[data-academy-open-wide]')) {
    details.open = true
  }
}
