'use strict';
// ReDoc's sidebar footer shows Redocly's logo from Redocly's own server, and no ReDoc option turns it off; the docs
// request nothing outside this server. That <img> hides itself when its image fails, so an image address on another
// host is given none (an empty src fails at once, without a request). React sets an <img>'s src twice, as an
// attribute and then as a property (when it mounts), so both ways are covered. Loaded before ReDoc, on the ReDoc
// page only.
{
    const setAttribute = Element.prototype.setAttribute;
    const source = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');

    function elsewhere(address) {
        const url = new URL(address, document.baseURI);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== window.location.origin;
    }

    Element.prototype.setAttribute = function (name, value) {
        if (this instanceof HTMLImageElement && name === 'src' && elsewhere(String(value))) {
            return setAttribute.call(this, name, '');
        }
        return setAttribute.call(this, name, value);
    };

    Object.defineProperty(HTMLImageElement.prototype, 'src', {
        ...source,
        set(value) {
            source.set.call(this, elsewhere(String(value)) ? '' : value);
        },
    });
}
