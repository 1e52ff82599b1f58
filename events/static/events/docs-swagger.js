'use strict';
// What axe-core finds in the markup Swagger UI renders, and no Swagger UI option changes: a parameter's <select>
// has no label (its name is in the row's first cell), neither has a response's choice of examples (its title is a
// <small> beside it), and example code scrolls sideways without being reachable by keyboard. Swagger UI renders as
// the reader opens operations, so each new part is fixed as it appears.
{
    function fix(root) {
        root.querySelectorAll('tr[data-param-name] select:not([aria-label])').forEach((select) => {
            select.setAttribute('aria-label', select.closest('tr').dataset.paramName);
        });
        root.querySelectorAll('select.examples-select-element:not([aria-label])').forEach((select) => {
            const control = select.closest('.response-control-examples');
            const title = control ? control.querySelector('.response-control-examples__title') : null;
            select.setAttribute('aria-label', title ? title.textContent.trim() : 'Examples');
        });
        root.querySelectorAll('.highlight-code > .microlight:not([tabindex])').forEach((code) => {
            code.setAttribute('tabindex', '0');
        });
    }

    new MutationObserver(() => fix(document)).observe(document.documentElement, { childList: true, subtree: true });
}
