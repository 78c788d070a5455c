// "Imprimer ce tuto": the page's print style sheet keeps the steps and their pictures only.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
