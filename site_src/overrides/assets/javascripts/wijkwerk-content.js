// Material for MkDocs' script after the content (partials/javascripts/content.html), as a file.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
