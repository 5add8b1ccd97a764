// The app's components: a cached loader inside a Vue single-file component and one inside
// a Svelte component, each called with an abort signal it leaves out. Their compilers turn
// them into JavaScript before the build plugin reads the calls.
import { createApp } from "vue";
import { mount } from "svelte";
import { cacheResource } from "cache-resource";
import Users from "./Users.vue";
import Teams from "./Teams.svelte";

createApp(Users).mount("#users");
mount(Teams, { target: document.getElementById("teams") });

const settled = () => new Promise((resolve) => {
  const check = () => (document.querySelector("#vue")?.textContent && document.querySelector("#svelte")?.textContent ? resolve() : setTimeout(check, 10));
  check();
});

window.runApp = async () => {
  await settled();
  return {
    vue: document.querySelector("#vue").textContent,
    svelte: document.querySelector("#svelte").textContent,
    stats: cacheResource.stats().functions.map((f) => f.name).sort(),
  };
};
