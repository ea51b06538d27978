/* Address fields: refresh the commune list as soon as the province changes.
   Without this script the form still works: the "Cập nhật danh sách xã/phường" button sends
   the form once and the page comes back with the province's communes. */
(function () {
  "use strict";
  document.querySelectorAll("[data-address]").forEach(function (box) {
    var province = box.querySelector("select[name$='province_code']");
    var ward = box.querySelector("select[name$='ward_code']");
    var refresh = box.querySelector("[data-address-refresh]");
    if (!province || !ward || !window.fetch) return;
    if (refresh) refresh.hidden = true;
    var urlTemplate = box.getAttribute("data-wards-url");
    var firstOption = ward.options[0] ? ward.options[0].text : "";
    province.addEventListener("change", function () {
      var code = province.value;
      ward.innerHTML = "";
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = firstOption;
      ward.appendChild(empty);
      if (!code) return;
      fetch(urlTemplate.replace("/0/", "/" + encodeURIComponent(code) + "/"), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          empty.textContent = ward.getAttribute("data-choose-label") || firstOption;
          data.wards.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.code;
            option.textContent = item.name;
            ward.appendChild(option);
          });
        })
        .catch(function () {
          if (refresh) refresh.hidden = false;
        });
    });
  });
})();
